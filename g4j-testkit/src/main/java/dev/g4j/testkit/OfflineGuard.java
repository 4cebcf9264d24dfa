package dev.g4j.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that looked up a host name other than {@code localhost} (see {@link OfflineResolver}):
 * such a call would have gone to a real service, not to a loopback simulator. Registered for every
 * test by JUnit's extension auto-detection (the build turns it on).
 */
public final class OfflineGuard implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OfflineGuard.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("seen", OfflineResolver.refused().size());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        int seen = context.getStore(NS).get("seen", Integer.class);
        List<String> refused = OfflineResolver.refused();
        if (refused.size() > seen) {
            throw new AssertionError("this test looked up " + refused.subList(seen, refused.size())
                    + ": every call must go to a loopback simulator (use 127.0.0.1 or localhost)");
        }
    }
}
