package dev.switchboard.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MutinyCallbacksTest {

    @Test
    void decoratorsGoOnlyWhenNothingIsPropagatedOrCleared() {
        assertTrue(MutinyCallbacks.decoratorsDoNothing(Optional.of("None"), Optional.of(" None")));
        assertFalse(MutinyCallbacks.decoratorsDoNothing(Optional.of("None"), Optional.empty()));
        assertFalse(MutinyCallbacks.decoratorsDoNothing(Optional.empty(), Optional.of("None")));
        assertFalse(MutinyCallbacks.decoratorsDoNothing(Optional.of("CDI"), Optional.of("None")));
        assertFalse(MutinyCallbacks.decoratorsDoNothing(Optional.of("Remaining"), Optional.of("None")));
        assertFalse(MutinyCallbacks.decoratorsDoNothing(Optional.of("None"), Optional.of("Transaction")));
    }
}
