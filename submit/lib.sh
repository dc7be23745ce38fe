# shellcheck shell=bash disable=SC2034  # the POGLM_* variables are for the scripts that source this file
# Shared by submit/poglm, submit/poglm-submit and submit/poglm-rerun (sourced, not run).
#
# Callers set PROG (their name, for messages) before sourcing. Everything here is a function
# or a variable named POGLM_*; sourcing has no side effects beyond those definitions.

# Empty arrays under `set -u` need bash 4.4 (macOS ships 3.2: brew install bash).
if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 404 )); then
    printf '%s: needs bash 4.4 or newer (this is %s)\n' "${PROG:-poglm}" "$BASH_VERSION" >&2
    exit 1
fi

# The repository root: this file lives in <root>/submit/. Resolved through symlinks so a
# link such as ~/bin/poglm -> <root>/submit/poglm still finds the repository.
poglm_root() {
    local here
    here="$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null || printf '%s' "${BASH_SOURCE[0]}")"
    (cd "$(dirname "$here")/.." && pwd -P)
}

POGLM_ROOT="$(poglm_root)"
POGLM_JAR="$POGLM_ROOT/spark-job/target/poglm-spark-job.jar"
# Written next to the jar by the build (maven-dependency-plugin, spark-job/pom.xml): the Spark
# jars the job was compiled against, which stand in for a Spark installation.
POGLM_SPARK_CP_FILE="$POGLM_ROOT/spark-job/target/spark-classpath.txt"
POGLM_CONF="$POGLM_ROOT/conf/spark-defaults.conf"
POGLM_LOG4J="$POGLM_ROOT/conf/log4j2.properties"
POGLM_MAIN_CLASS="org.poglm.cli.Main"
# The job's subcommands: where the application arguments begin.
POGLM_SUBCOMMANDS=(fit demo presets help)
# Used only if the properties file lacks spark.driver.extraJavaOptions: the job cannot run
# without the Kryo add-opens, and the SIMD kernels want the vector module.
POGLM_DRIVER_FLAGS_FALLBACK="--add-modules=jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"

# The line a JVM with the vector module writes to standard error before anything else, on every
# run ("WARNING: Using incubator modules: jdk.incubator.vector"): it says nothing about this run, and
# a warning on every run teaches users to skip warnings. poglm_run_jvm drops exactly this line.
POGLM_JVM_NOTICE="WARNING: Using incubator modules: jdk.incubator.vector"

# Copies standard input to standard output line by line (as it comes), without POGLM_JVM_NOTICE.
# -a: a line that is not valid text in the locale (a file name in a stack trace) still passes.
poglm_stderr_filter() {
    LC_ALL=C grep -a -v -x -F --line-buffered -e "$POGLM_JVM_NOTICE" || true
}

# Runs the driver JVM ("$@"), its standard error through poglm_stderr_filter, and returns its exit
# code. Not with exec (then the filter would outlive the script, and its last lines, such as the
# job's one-line error, could reach the terminal or a log after the caller has seen the exit code):
# this shell waits for the JVM, then for the filter. The JVM runs in the background so that a
# TERM or HUP sent to this script can be passed on to it (a trap does not run while the shell waits
# for a foreground command); a background command ignores INT, so Ctrl-C reaches it as TERM (the
# same shutdown). After a signal the script ends by that signal, as the JVM in its place did.
poglm_run_jvm() {
    local err jvm filter code=0 signal="" again
    exec {err}> >(trap '' INT TERM HUP; poglm_stderr_filter >&2)
    filter=$!
    "$@" 2>&"$err" {err}>&- <&0 &
    jvm=$!
    exec {err}>&-
    trap 'signal=TERM again=true; kill -TERM "$jvm" 2>/dev/null || true' TERM
    trap 'signal=HUP again=true; kill -HUP "$jvm" 2>/dev/null || true' HUP
    trap 'signal=INT again=true; kill -TERM "$jvm" 2>/dev/null || true' INT
    while :; do
        again=false
        code=0
        wait "$jvm" || code=$?
        # A trap ends the wait early; the JVM's own status comes with the next one.
        $again || break
    done
    trap - TERM HUP INT
    # Bash before 5.1 may not wait for a process substitution that is no longer $!: then poll.
    if ! wait "$filter" 2>/dev/null; then
        while kill -0 "$filter" 2>/dev/null; do
            sleep 0.05
        done
    fi
    if [[ -n "$signal" ]]; then
        kill -"$signal" "$$"
    fi
    return "$code"
}

# One-line error, exit 2 (the job's code for bad input or options, so callers see one convention).
poglm_die() {
    printf '%s: %s\n' "$PROG" "$1" >&2
    exit 2
}

poglm_is_subcommand() {
    local s
    for s in "${POGLM_SUBCOMMANDS[@]}"; do
        [[ "$1" == "$s" ]] && return 0
    done
    return 1
}

# The value of KEY in a Java-properties-style file such as spark-defaults.conf: key, then
# blanks, '=' or ':', then the value to the end of the line; the last occurrence wins, as in
# java.util.Properties. Line continuations and escapes are not supported (Spark's own files
# do not use them). Prints nothing if the file or the key is missing.
poglm_conf_get() {
    local file="$1" key="$2" line k v value="" found=1
    [[ -r "$file" ]] || return 0
    while IFS= read -r line || [[ -n "$line" ]]; do
        line="${line#"${line%%[![:space:]]*}"}"
        [[ -z "$line" || "$line" == \#* || "$line" == \!* ]] && continue
        k="${line%%[[:space:]=:]*}"
        [[ "$k" == "$key" ]] || continue
        v="${line#"$k"}"
        v="${v#"${v%%[![:space:]]*}"}"
        [[ "$v" == [=:]* ]] && v="${v:1}"
        v="${v#"${v%%[![:space:]]*}"}"
        v="${v%"${v##*[![:space:]]}"}"
        value="$v"
        found=0
    done < "$file"
    [[ $found -eq 0 ]] && printf '%s' "$value"
    return 0
}

# Joins its non-empty arguments with single spaces (JVM option strings).
poglm_join_opts() {
    local out="" a
    for a in "$@"; do
        [[ -n "$a" ]] && out="${out:+$out }$a"
    done
    printf '%s' "$out"
}

# Appends -Dlog4j2.configurationFile=PATH to OPTS unless OPTS already chooses a log4j
# configuration (the user's choice wins).
poglm_with_log4j() {
    local opts="$1" path="$2"
    if [[ "$opts" == *log4j2.configurationFile=* || "$opts" == *log4j.configurationFile=* ]]; then
        printf '%s' "$opts"
    else
        poglm_join_opts "$opts" "-Dlog4j2.configurationFile=$path"
    fi
}

# Spark memory strings ("2g", "512m", or a plain number meaning MiB) as a JVM -Xmx value.
poglm_xmx() {
    local m="$1"
    if [[ "$m" =~ ^[0-9]+$ ]]; then
        printf '%sm' "$m"
    else
        printf '%s' "$m" | tr -d '[:space:]' | sed -E 's/([kKmMgGtT])[bB]$/\1/'
    fi
}

poglm_java() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        printf '%s' "$JAVA_HOME/bin/java"
    else
        printf 'java'
    fi
}

# Prints why the jar must be (re)built, or nothing if it is up to date. Stale means some
# source or build file is newer than the jar: the scripts must never run code that differs
# from the working tree without saying so.
poglm_jar_stale_reason() {
    if [[ ! -f "$POGLM_JAR" ]]; then
        printf 'no job jar yet'
        return
    fi
    if [[ ! -f "$POGLM_SPARK_CP_FILE" && -z "${SPARK_HOME:-}" ]]; then
        printf 'no Spark classpath file yet'
        return
    fi
    local paths=() p newer
    for p in common/src spark-job/src pom.xml common/pom.xml spark-job/pom.xml benchmarks/pom.xml; do
        [[ -e "$POGLM_ROOT/$p" ]] && paths+=("$POGLM_ROOT/$p")
    done
    [[ ${#paths[@]} -gt 0 ]] || return 0
    newer="$(find "${paths[@]}" -newer "$POGLM_JAR" -type f -print -quit 2>/dev/null || true)"
    if [[ -n "$newer" ]]; then
        printf '%s changed since the last build' "${newer#"$POGLM_ROOT"/}"
    fi
}

# Builds the shaded jar (and the Spark classpath file) if missing or stale. Maven's output
# goes to stderr so that the job's report on stdout stays clean. Two scripts starting at
# once (cron reruns, a user in another terminal) take turns through a lock where flock exists.
poglm_ensure_jar() {
    local reason
    reason="$(poglm_jar_stale_reason)"
    [[ -z "$reason" ]] && return 0
    command -v mvn >/dev/null 2>&1 \
        || { printf '%s: %s; building it needs Maven (mvn) on the PATH\n' "$PROG" "$reason" >&2; exit 1; }
    mkdir -p "$POGLM_ROOT/spark-job/target"
    (
        if command -v flock >/dev/null 2>&1; then
            exec 9> "$POGLM_ROOT/spark-job/target/.poglm-build.lock"
            flock 9
            # Another script may have built it while this one waited for the lock.
            reason="$(poglm_jar_stale_reason)"
            [[ -z "$reason" ]] && exit 0
        fi
        printf '%s: building the job jar (%s) ...\n' "$PROG" "$reason" >&2
        cd "$POGLM_ROOT"
        mvn -q -B -ntp -Dstyle.color=never -DskipTests -pl spark-job -am package >&2
    ) || { printf '%s: the build failed (mvn -DskipTests -pl spark-job -am package in %s)\n' "$PROG" "$POGLM_ROOT" >&2; exit 1; }
    [[ -f "$POGLM_JAR" ]] || { printf '%s: the build did not produce %s\n' "$PROG" "$POGLM_JAR" >&2; exit 1; }
}

# The Spark jars, for running without a Spark installation.
poglm_spark_classpath() {
    [[ -s "$POGLM_SPARK_CP_FILE" ]] \
        || { printf '%s: %s is missing; rebuild with: mvn -DskipTests -pl spark-job -am package\n' "$PROG" "$POGLM_SPARK_CP_FILE" >&2; exit 1; }
    cat "$POGLM_SPARK_CP_FILE"
}

# Checks that $SPARK_HOME really holds spark-submit, so a stale variable fails clearly.
poglm_check_spark_home() {
    [[ -x "$SPARK_HOME/bin/spark-submit" ]] \
        || poglm_die "SPARK_HOME=$SPARK_HOME has no bin/spark-submit (unset SPARK_HOME to use the Spark jars of the Maven build)"
}
