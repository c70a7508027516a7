package org.hitcert.checks.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogoutConfirmationTest {

    @Test
    void whenAControlSaysYesOrSignOutThenItConfirmsTheLogout() {
        assertThat(EndSessionOnLogout.confirms("Yes, sign me out yes logout")).isTrue();
        assertThat(EndSessionOnLogout.confirms("Sign out null null")).isTrue();
        assertThat(EndSessionOnLogout.confirms("Log out")).isTrue();
    }

    @Test
    void whenAControlRefusesOrSaysNothingThenItIsNotClicked() {
        assertThat(EndSessionOnLogout.confirms("No, stay signed in null logout")).isFalse();
        assertThat(EndSessionOnLogout.confirms("Cancel")).isFalse();
        assertThat(EndSessionOnLogout.confirms("Continue")).isFalse();
    }
}
