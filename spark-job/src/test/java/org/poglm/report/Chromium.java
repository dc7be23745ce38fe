package org.poglm.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol (a WebSocket, JSON messages), to
 * open a page and collect what went wrong: uncaught exceptions, console and log errors, failed
 * resource loads. Each instance has its own temporary profile; {@link #close()} stops the browser
 * and every process it started, and deletes the profile.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final Object eventSignal = new Object();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts the browser and connects to it, within {@code timeout}. */
    static Chromium start(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path profile = Files.createTempDirectory("poglm-chromium-");
        Process p = null;
        try {
            p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
                .start();
            p.getOutputStream().close();
            // Chromium writes the port it chose, then the browser's WebSocket path, into the profile.
            Path portFile = profile.resolve("DevToolsActivePort");
            List<String> lines = List.of();
            while (lines.size() < 2) {
                if (!p.isAlive()) {
                    throw new IOException("chromium exited with " + p.exitValue() + " before opening DevTools: "
                        + log(profile));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("chromium did not open DevTools within " + timeout + ": " + log(profile));
                }
                Thread.sleep(50);
                if (Files.isRegularFile(portFile)) {
                    lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                }
            }
            URI ws = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
            Chromium[] self = new Chromium[1];
            Listener listener = new Listener(self);
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                .buildAsync(ws, listener).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            self[0] = new Chromium(p, profile, socket);
            return self[0];
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(p, profile);
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            stop(p, profile);
            throw new IOException("cannot connect to chromium's DevTools: " + e, e);
        }
    }

    private static String log(Path profile) {
        try {
            String s = Files.readString(profile.resolveSibling(profile.getFileName() + ".log"));
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Receives whole text messages (they may come in parts) and routes replies and events. */
    private static final class Listener implements WebSocket.Listener {
        private final Chromium[] owner;
        private final StringBuilder buffer = new StringBuilder();

        Listener(Chromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                Chromium c = owner[0];
                if (c != null) {
                    c.receive(text);
                }
            }
            ws.request(1);
            return null;
        }
    }

    private void receive(String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
                f.complete(msg);
            }
        } else {
            events.add(msg);
            synchronized (eventSignal) {
                eventSignal.notifyAll();
            }
        }
    }

    /** Sends a command (to a page session if {@code session} is not null) and waits for its result. */
    JsonNode send(String session, String method, ObjectNode params, long deadline) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? JSON.createObjectNode() : params);
        if (session != null) {
            msg.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            socket.sendText(JSON.writeValueAsString(msg), true).get(remaining(deadline), TimeUnit.NANOSECONDS);
            JsonNode r = reply.get(remaining(deadline), TimeUnit.NANOSECONDS);
            if (r.has("error")) {
                throw new IOException(method + " failed: " + r.get("error"));
            }
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + ": no answer in time (" + e + ")", e);
        } finally {
            pending.remove(id);
        }
    }

    private static long remaining(long deadline) throws TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException("deadline passed");
        }
        return left;
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** An opened page: its session, and the problems seen while it loaded. */
    final class Page {
        private final String session;
        private final long deadline;
        private final int firstEvent;

        private Page(String session, long deadline, int firstEvent) {
            this.session = session;
            this.deadline = deadline;
            this.firstEvent = firstEvent;
        }

        /** Evaluates a JavaScript expression (awaiting a promise) and returns its value as JSON. */
        JsonNode evaluate(String expression) throws IOException {
            JsonNode r = send(session, "Runtime.evaluate", params().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true), deadline);
            if (r.has("exceptionDetails")) {
                throw new IOException("evaluation failed: " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        /**
         * Everything that went wrong on the page so far, one line each: uncaught exceptions, console
         * errors, error log entries (e.g. "Failed to load resource"), failed network loads.
         */
        List<String> problems() {
            List<String> out = new ArrayList<>();
            Map<String, String> urls = new ConcurrentHashMap<>();
            for (JsonNode e : events.subList(firstEvent, events.size())) {
                if (!session.equals(e.path("sessionId").asText())) {
                    continue;
                }
                JsonNode p = e.path("params");
                switch (e.path("method").asText()) {
                    case "Network.requestWillBeSent" -> urls.put(p.path("requestId").asText(),
                        abbreviate(p.path("request").path("url").asText()));
                    case "Network.loadingFailed" -> out.add("failed load: " + urls.getOrDefault(p.path("requestId").asText(),
                        p.path("requestId").asText()) + " " + p.path("errorText").asText()
                        + (p.path("canceled").asBoolean() ? " (canceled)" : ""));
                    case "Network.responseReceived" -> {
                        int status = p.path("response").path("status").asInt(200);
                        if (status >= 400) {
                            out.add("HTTP " + status + ": " + abbreviate(p.path("response").path("url").asText()));
                        }
                    }
                    case "Runtime.exceptionThrown" -> {
                        JsonNode d = p.path("exceptionDetails");
                        out.add("exception: " + d.path("exception").path("description").asText(d.path("text").asText())
                            + " at line " + d.path("lineNumber").asText());
                    }
                    case "Runtime.consoleAPICalled" -> {
                        String type = p.path("type").asText();
                        if (type.equals("error") || type.equals("assert")) {
                            List<String> args = new ArrayList<>();
                            p.path("args").forEach(a -> args.add(a.path("value").asText(a.path("description").asText())));
                            out.add("console." + type + ": " + String.join(" ", args));
                        }
                    }
                    case "Log.entryAdded" -> {
                        JsonNode entry = p.path("entry");
                        if (entry.path("level").asText().equals("error")) {
                            out.add("log error (" + entry.path("source").asText() + "): " + entry.path("text").asText()
                                + (entry.has("url") ? " " + abbreviate(entry.path("url").asText()) : ""));
                        }
                    }
                    default -> {
                    }
                }
            }
            return out;
        }
    }

    private static String abbreviate(String url) {
        return url.startsWith("data:") ? url.substring(0, Math.min(url.length(), 40)) + "..." : url;
    }

    /**
     * Opens {@code url} in a new tab with runtime, log, network and page events on, waits for its
     * load event and for every image to finish (or fail) loading, within {@code timeout}.
     */
    Page open(URI url, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String target = send(null, "Target.createTarget", params().put("url", "about:blank"), deadline)
            .path("targetId").asText();
        String session = send(null, "Target.attachToTarget", params().put("targetId", target).put("flatten", true),
            deadline).path("sessionId").asText();
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
            send(session, domain + ".enable", null, deadline);
        }
        int first = events.size();
        JsonNode nav = send(session, "Page.navigate", params().put("url", url.toString()), deadline);
        Page page = new Page(session, deadline, first);
        if (nav.has("errorText")) {
            throw new IOException("navigation to " + url + " failed: " + nav.get("errorText").asText());
        }
        awaitEvent(session, "Page.loadEventFired", first, deadline);
        // Late image decodes and any error they raise, then a moment for the last events to arrive.
        page.evaluate("Promise.all(Array.from(document.images).map(i => i.complete ? 0 : "
            + "new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })))"
            + ".then(() => new Promise(r => setTimeout(r, 200))).then(() => true)");
        return page;
    }

    private void awaitEvent(String session, String method, int from, long deadline)
        throws IOException, InterruptedException {
        while (true) {
            for (int i = from; i < events.size(); i++) {
                JsonNode e = events.get(i);
                if (method.equals(e.path("method").asText()) && session.equals(e.path("sessionId").asText())) {
                    return;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no " + method + " before the deadline");
            }
            synchronized (eventSignal) {
                eventSignal.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            stop(process, profile);
        }
    }

    /** Stops the browser and every process it started (renderers, zygotes), then deletes the profile. */
    private static void stop(Process p, Path profile) {
        if (p != null) {
            List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
            all.add(p.toHandle());
            all.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (ProcessHandle h : all) {
                try {
                    h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    break;
                }
            }
            all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        deleteTree(profile);
        deleteTree(profile.resolveSibling(profile.getFileName() + ".log"));
    }

    static void deleteTree(Path root) {
        // The browser may still be writing while it exits: a few attempts.
        for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
            } catch (IOException | RuntimeException e) {
                // retried below
            }
            if (Files.exists(root)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
