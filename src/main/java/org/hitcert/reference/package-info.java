/**
 * The reference candidate: a correct OAuth 2.0 / OpenID Connect / SMART App Launch 2.x authorization server and a
 * small FHIR R4 resource server, embedded in hitcert so that a run with no arguments has something to certify.
 *
 * <p>Start it with {@link org.hitcert.reference.ReferenceCandidate#start(ReferenceOptions)}; it serves HTTPS on
 * 127.0.0.1 (URLs say {@code localhost}) with a CA generated at start ({@code trustAnchors()}). Each
 * {@link org.hitcert.reference.Flaw} switched on breaks one behaviour, so that every check can be shown to fail.
 *
 * <p>Pages, for browser automation: {@code GET /authorize} answers with the login page (form {@code #login-form}
 * posting to {@code /login}: {@code #username} / {@code username}, {@code #password} / {@code password}, hidden
 * {@code csrf} and {@code tx}, {@code button[type=submit]#login}); a successful login answers 303 to
 * {@code /consent?tx=…}, the consent page (form {@code #consent-form} posting to {@code /consent}: hidden
 * {@code csrf} and {@code tx}, {@code button#approve} and {@code button#deny}, both {@code name=decision}); the
 * decision answers 303 to the client's redirect URI. The session cookie is {@code __Host-hitcert-session}; the login
 * rotates it (and the CSRF token). A session that already consented to the same client and scope gets its code
 * without pages; {@code prompt=none} never shows a page.
 *
 * <p>Policies a check may rely on: codes live 60 s, access tokens 300 s, refresh tokens 24 h (rotated for public
 * clients, not for confidential ones), client assertions at most 5 min ahead with 60 s skew; revocation is
 * immediate; no throttling or lockout.
 */
package org.hitcert.reference;
