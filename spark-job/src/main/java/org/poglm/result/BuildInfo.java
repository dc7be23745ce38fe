package org.poglm.result;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The code version of this build, from the {@code git.properties} the build writes into the jar. */
public final class BuildInfo {
    private BuildInfo() {
    }

    public static Map<String, String> get() {
        Map<String, String> m = new LinkedHashMap<>();
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/poglm-git.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Reported as unknown below.
        }
        m.put("version", BuildInfo.class.getPackage().getImplementationVersion() != null
            ? BuildInfo.class.getPackage().getImplementationVersion() : p.getProperty("git.build.version", "unknown"));
        m.put("commit", p.getProperty("git.commit.id.full", p.getProperty("git.commit.id", "unknown")));
        m.put("dirty", p.getProperty("git.dirty", "unknown"));
        m.put("commit_time", p.getProperty("git.commit.time", "unknown"));
        return m;
    }

    /** The build's code version for provenance. */
    public static Provenance.Code code() {
        Map<String, String> m = get();
        return new Provenance.Code(m.get("version"), m.get("commit"), m.get("dirty"), m.get("commit_time"));
    }

    /** A short label: version and abbreviated commit, marked dirty if built from uncommitted changes. */
    public static String label() {
        Map<String, String> m = get();
        String c = m.get("commit");
        String shortC = c.length() > 12 ? c.substring(0, 12) : c;
        return m.get("version") + " (" + shortC + ("true".equals(m.get("dirty")) ? ", dirty" : "") + ")";
    }
}
