package tp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tp.UserError;

/** TP_BLAS / tp.blas handling, with stand-in native loaders. */
class BlasSelectorTest {
    private static final Blas FAKE_NATIVE = Blas.ejml();   // any instance distinguishable by identity
    private static final Supplier<Blas> LOADS = () -> FAKE_NATIVE;
    private static final Supplier<Blas> FAILS = () -> {
        throw new UnsatisfiedLinkError("no jniopenblas_nolapack in java.library.path");
    };
    private static final Supplier<Blas> MUST_NOT_LOAD = () -> fail("native must not even be tried");

    @Test
    void unsetOrAutoPrefersNative() {
        for (String s : new String[] {null, "", " Auto "}) {
            BlasSelector.Choice c = BlasSelector.choose(s, LOADS);
            assertSame(FAKE_NATIVE, c.blas());
            assertNull(c.fallbackReason());
        }
    }

    @Test
    void autoFallsBackToEjmlAndSaysWhy() {
        BlasSelector.Choice c = BlasSelector.choose(null, FAILS);
        assertSame(Blas.ejml(), c.blas());
        assertTrue(c.fallbackReason().contains("UnsatisfiedLinkError: no jniopenblas_nolapack"), c.fallbackReason());
    }

    @Test
    void ejmlIsForcedWithoutTouchingNative() {
        BlasSelector.Choice c = BlasSelector.choose("EJML", MUST_NOT_LOAD);
        assertSame(Blas.ejml(), c.blas());
        assertEquals("forced by TP_BLAS=ejml", c.fallbackReason());
    }

    @Test
    void nativeDemandedFailsAsUserError() {
        UserError e = assertThrows(UserError.class, () -> BlasSelector.choose("native", FAILS));
        assertTrue(e.getMessage().contains("no jniopenblas_nolapack"), e.getMessage());
        assertSame(FAKE_NATIVE, BlasSelector.choose("native", LOADS).blas());
    }

    @Test
    void unknownSettingIsUserError() {
        assertThrows(UserError.class, () -> BlasSelector.choose("mkl", MUST_NOT_LOAD));
    }

    @Test
    void processWideChoiceFollowsTheSetting() {
        String s = BlasSelector.setting();
        if (s == null || s.isBlank() || s.trim().equalsIgnoreCase("auto")) {
            assertEquals(Blas.openBlas().isPresent(), Blas.fallbackReason().isEmpty());
            assertEquals(Blas.openBlas().orElse(Blas.ejml()), Blas.get());
        } else if (s.trim().equalsIgnoreCase("ejml")) {
            assertSame(Blas.ejml(), Blas.get());
        }
    }
}
