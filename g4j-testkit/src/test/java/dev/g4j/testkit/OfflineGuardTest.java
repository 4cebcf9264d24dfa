package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The offline resolver and the guard that fails a test reaching for a real host. */
class OfflineGuardTest {

    @Test
    void localhostResolvesAndReservedInvalidNamesFailWithoutCounting() throws Exception {
        int before = OfflineResolver.refused().size();

        assertThat(InetAddress.getByName("localhost").isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> InetAddress.getByName("no-such-host.invalid"))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("tests run offline");

        assertThat(OfflineResolver.refused()).hasSize(before);
    }

    @Test
    void aTestThatLooksUpARealHostFails() {
        List<String> failures = new CopyOnWriteArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ReachesForARealHost.class))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true").build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            failures.add(result.getStatus() + " " + result.getThrowable().map(Throwable::getMessage).orElse(""));
                        }
                    }
                });

        OfflineResolver.forget("api.deepinfra.com"); // the lookup was the nested test's, on purpose
        assertThat(failures).singleElement().asString().startsWith("FAILED")
                .contains("api.deepinfra.com").contains("loopback simulator");
    }

    /** Run only through the launcher above (surefire does not pick nested classes). */
    static class ReachesForARealHost {
        @Test
        void swallowsTheFailure() {
            try {
                InetAddress.getByName("api.deepinfra.com");
            } catch (UnknownHostException expected) {
                // as a provider's fallback would: the test itself would pass
            }
        }
    }
}
