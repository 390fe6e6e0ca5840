package tp.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * Why a program file cannot be read, in words (issue 13: "an unreadable program"): the JDK's
 * exceptions carry the path as their message, which the error line already shows in front. The
 * tests run as root here, so a file without read permission cannot be made: the exceptions the
 * JDK throws for one are built directly.
 */
class FrontendReadTest {
    @Test
    void reasonsWithoutThePathRepeated() {
        assertEquals("permission denied", Frontend.describe(new AccessDeniedException("/x/p.tp")));
        assertEquals("no such file", Frontend.describe(new NoSuchFileException("/x/p.tp")));
        assertEquals("Is a directory", Frontend.describe(new FileSystemException("/x/p.tp", null, "Is a directory")));
        assertEquals("Input/output error", Frontend.describe(new IOException("Input/output error")));
    }
}
