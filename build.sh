#!/usr/bin/env bash
# Tuner's one entry point for building and testing.
#
#   ./build.sh build   restore and build everything (Release)
#   ./build.sh test    install what the tests need (PostgreSQL and Chromium from Debian packages), start a
#                      throwaway PostgreSQL on 127.0.0.1, build, run every test project (the cluster tests and the
#                      engine's lower instruction-set paths in a second run beside the others), and print
#                      "N passed, N failed". CI (.ci/run) runs exactly this.
#   ./build.sh test ARGS   the same, ARGS (e.g. --filter X) passed to one run of the whole solution
#   ./build.sh test-arm64 [FILTER]   the engine's tests as an ARM64 machine runs them (under qemu on x86-64; slow)
#   ./build.sh bench   run the benchmarks (see docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
CONFIG=${CONFIG:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1; fi
}

# --- Debian packages the tests need, those missing installed in one go (one apt-get update) --------
#   postgresql   the throwaway PostgreSQL cluster below
#   chromium     the dashboard's browser test (Debian's package: no browser download)
#   nodejs npm   the deploy/k8s manifest validation below
#   python3-prometheus-client   the Prometheus project's text-format parser the metrics tests read
#                GET /metrics with (tests/Cli.Tests/Metrics/parse_prometheus.py, run by Debian's /usr/bin/python3)
install_test_packages() {
  local missing=()
  if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then missing+=(postgresql); fi
  if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
  if ! /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null; then missing+=(python3-prometheus-client); fi
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  log "installing ${missing[*]} (Debian packages)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# --- PostgreSQL: Debian's server package, a throwaway cluster on 127.0.0.1 -----------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

PG_DIR=""
start_postgres() {
  local bin port
  bin=$(pg_bin)
  port=${TUNER_TEST_PG_PORT:-55432}
  PG_DIR=$(mktemp -d /tmp/tuner-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  local run=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DIR"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR -c fsync=off -c max_connections=300" >/dev/null
  export TUNER_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  export TUNER_REQUIRE_POSTGRES=1   # PostgreSQL tests run (and fail) rather than skip
  log "PostgreSQL up on 127.0.0.1:$port"
}

stop_postgres() {
  [ -n "$PG_DIR" ] || return 0
  local run=()
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

# --- deploy/k8s manifest validation: its node modules (the check itself runs as a test) ------
# tests/Cli.Tests/Deploy/ManifestTests runs deploy/k8s/validate/validate.mjs (kustomize build,
# Kubernetes API schemas from the npm package kubernetes-models), so its outcome is counted in the
# test summary. This only makes sure the lockfile's modules are there (Node.js: install_test_packages).
k8s_validation_setup() {
  local dir="$ROOT/deploy/k8s/validate"
  # npm records what it installed in node_modules/.package-lock.json: reinstall when the lockfile is newer.
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "installing the manifest validator's node modules (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# --- test results: CI reads a plain "N passed, N failed" line -------------------------------
summarize_trx() {
  local dir=$1 passed=0 failed=0 total=0 f p x t
  for f in "$dir"/*.trx; do
    [ -e "$f" ] || continue
    t=$(grep -o '<Counters [^>]*' "$f" | grep -o ' total="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    p=$(grep -o '<Counters [^>]*' "$f" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    x=$(grep -o '<Counters [^>]*' "$f" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    total=$((total + t)); passed=$((passed + p)); failed=$((failed + x))
  done
  [ "$failed" -eq 0 ] || list_failed_tests "$dir"
  echo "$passed passed, $failed failed"
  [ "$total" -gt 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# The failed tests' names and the first lines of their messages, just above the summary: CI shows
# only the tail of the output, so a failure must be named there.
list_failed_tests() {
  local f
  echo "failed tests:"
  for f in "$1"/*.trx; do
    [ -e "$f" ] || continue
    awk -v trx="$(basename "$f")" '
      /<UnitTestResult / && /outcome="Failed"/ { inside = 1; lines = 0
        match($0, /testName="[^"]*"/); print "  " substr($0, RSTART + 10, RLENGTH - 11) "  (" trx ")" }
      inside && /<Message>/ { msg = 1 }
      inside && msg && lines < 6 { sub(/^ */, ""); print "      " substr($0, 1, 300); lines++ }
      inside && /<\/Message>/ { msg = 0; lines = 6 }
      inside && /<\/UnitTestResult>/ { inside = 0; msg = 0 }' "$f"
  done
}

# --- the engine's tests on every instruction-set path ------------------------------------------
# The solution's run above uses the best path this machine has. These run the engine's tests once more
# per lower path, each with its own trx (counted in the summary; a failure fails the run), so no path goes
# untested on any machine: AVX2 (DOTNET_EnableAVX512=0, .NET 10's name for it; the older
# DOTNET_EnableAVX512F is set too), Vector128 — the code ARM64 runs as NEON — (DOTNET_EnableAVX2=0) and
# scalar (DOTNET_EnableHWIntrinsic=0). TUNER_EXPECT_ISA names the path each run must be on (IsaPathTests),
# so a switch the runtime ignores fails rather than silently testing another path. The data, RNG and
# thread-team tests do not depend on the path, nor do the tests of the tests' own allocation check; the scalar
# run also leaves out the learning and allocation tests (its kernels are ~100x slower; the same code is
# allocation-tested on the vector paths).
ENGINE_PATH_TESTS='FullyQualifiedName!~Tuner.Engine.Tests.Data.&FullyQualifiedName!~Tuner.Engine.Tests.Rng.&FullyQualifiedName!~ComputeTeamTests&FullyQualifiedName!~AllocationAssertTests'
ENGINE_SLOW_PATH_TESTS="$ENGINE_PATH_TESTS&FullyQualifiedName!~LearningTests&FullyQualifiedName!~GemmAllocationTests&FullyQualifiedName!~allocates_nothing"

engine_isa_tests() {
  local results=$1 status=0 avx2_expect=Vector128 v128_expect=Vector128
  if [ "$(uname -m)" = x86_64 ] && grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then avx2_expect=Avx2; fi
  local common=$ENGINE_PATH_TESTS scalar=$ENGINE_SLOW_PATH_TESTS
  # An x86-64 machine without AVX-512 took the AVX2 path (or, without AVX2, Vector128's) in the solution's run: not run twice.
  if [ "$(uname -m)" = x86_64 ] && ! grep -qw avx512f /proc/cpuinfo; then
    log "engine tests on the avx2 path: the solution's run took it (no AVX-512 here)"
  else
    run_engine_tests "$results" avx2 "$common" TUNER_EXPECT_ISA=$avx2_expect DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 || status=1
  fi
  run_engine_tests "$results" vector128 "$common" TUNER_EXPECT_ISA=$v128_expect DOTNET_EnableAVX2=0 || status=1
  run_engine_tests "$results" scalar "$scalar" TUNER_EXPECT_ISA=Scalar DOTNET_EnableHWIntrinsic=0 || status=1
  return $status
}

run_engine_tests() {
  local results=$1 path=$2 filter=$3
  shift 3
  log "engine tests on the $path path ($*)"
  env "$@" dotnet test tests/Engine.Tests/Tuner.Engine.Tests.csproj -c "$CONFIG" --no-build \
    --logger "trx;LogFileName=engine-$path.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" --filter "$filter"
}

# The test runs' filters: tests with the ClusterLane trait, and every other test (a test without the trait matches !=).
CLUSTER_LANE='Lane=cluster'
OTHER_LANES='Lane!=cluster'

cmd_build() {
  dotnet build Tuner.sln -c "$CONFIG" -nologo -clp:ErrorsOnly
}

SECOND_RUN="" BUILD=""
end_test() {
  local pid
  for pid in $SECOND_RUN $BUILD; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  stop_postgres
  dotnet build-server shutdown >/dev/null 2>&1 || true
}

cmd_test() {
  trap end_test EXIT
  # One warm compiler server for this build and the builds the tests run (a clean clone's `./tuner`, the Dockerfile's
  # publish), as on a developer's machine, where it is the default; stopped when the tests end.
  export UseSharedCompilation=true
  # The build needs none of the packages, PostgreSQL or node modules below: it runs while they are set up.
  local build_log
  build_log=$(mktemp /tmp/tuner-build.XXXXXX)
  cmd_build > "$build_log" 2>&1 &
  BUILD=$!
  install_test_packages
  start_postgres
  export TUNER_REQUIRE_CHROMIUM=1   # the browser test runs (and fails) rather than skips
  k8s_validation_setup
  log "building (started before the set-up above)"
  local built=0
  wait "$BUILD" || built=$?
  BUILD=""
  cat "$build_log"
  rm -f "$build_log"
  [ "$built" -eq 0 ] || return "$built"
  local results="$ROOT/TestResults"
  rm -rf "$results"
  local status=0
  if [ $# -gt 0 ]; then
    # Arguments (a --filter, say) go to one run of the solution, as they are.
    dotnet test Tuner.sln -c "$CONFIG" --no-build -m:1 --logger "trx" --logger "console;verbosity=normal" \
      --results-directory "$results" "$@" || status=$?
    engine_isa_tests "$results" || status=1
  else
    # Two runs at once. The cluster tests (tests/Cli.Tests/Processes/ClusterLane.cs: real coordinator and worker processes)
    # one at a time in a run of their own, then the engine's tests on the lower instruction-set paths; beside them every
    # other test, test projects one after another. The two take about as long. Each run hands out its own ports
    # (TUNER_TEST_PORTS), so neither takes a port the other has just found free.
    mkdir -p "$results"
    (
      second=0
      TUNER_TEST_PORTS=20000-25999 dotnet test tests/Cli.Tests/Tuner.Cli.Tests.csproj -c "$CONFIG" --no-build \
        --filter "$CLUSTER_LANE" --logger "trx;LogFileName=cli-cluster.trx" --logger "console;verbosity=normal" \
        --results-directory "$results" || second=1
      engine_isa_tests "$results" || second=1
      exit $second
    ) > "$results/second-run.log" 2>&1 &
    SECOND_RUN=$!
    TUNER_TEST_PORTS=26000-31999 dotnet test Tuner.sln -c "$CONFIG" --no-build -m:1 --filter "$OTHER_LANES" \
      --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?
    wait "$SECOND_RUN" || status=1
    SECOND_RUN=""
    log "the cluster tests and the engine's tests on every instruction-set path (run beside the above)"
    cat "$results/second-run.log"
  fi
  summarize_trx "$results" || status=1
  return $status
}

# --- the engine's tests as ARM64 runs them, on an x86-64 machine -------------------------------------------
# ARM64 (Graviton, Apple silicon under Linux) runs the engine's Vector128 path as NEON with fused multiply-adds, which no
# x86 run above executes (x86's Vector128 path has no FMA). This publishes the engine's tests for linux-arm64 with an
# in-process xunit runner (tests/InProcessRunner: `dotnet test` cannot start an ARM64 test host here) and runs them under
# qemu's user-mode emulation (Debian's qemu-user-static, with Debian's arm64 C libraries), with the filter the x86 paths
# use for slow code. Not part of `test`: emulation makes them ~60x slower. On an ARM64 machine it runs them natively.
# Debian only: it adds arm64 to apt's architectures (Ubuntu serves arm64 packages from another mirror).
cmd_test_arm64() {
  local out="$ROOT/.arm64-tests" emulator=()
  if [ "$(uname -m)" != aarch64 ]; then
    local missing=()
    [ -x /usr/bin/qemu-aarch64-static ] || missing+=(qemu-user-static)
    [ -e /lib/ld-linux-aarch64.so.1 ] && [ -e /usr/lib/aarch64-linux-gnu/libstdc++.so.6 ] || missing+=(libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64)
    if [ ${#missing[@]} -gt 0 ]; then
      log "installing ${missing[*]} (Debian packages)"
      dpkg --print-foreign-architectures | grep -qx arm64 || as_root dpkg --add-architecture arm64
      as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    emulator=(/usr/bin/qemu-aarch64-static)
    # The runtime writes JIT-compiled code through a second, writable mapping of its pages (W^X); qemu only notices
    # writes to code through the address it translated, so it would go on running stale translations and crash at
    # random (AccessViolationException in the runtime's own code). One mapping, and qemu sees every write.
    export DOTNET_EnableWriteXorExecute=0
  fi
  log "publishing the engine's tests for linux-arm64"
  dotnet publish tests/InProcessRunner/Tuner.InProcessRunner.csproj -c "$CONFIG" -r linux-arm64 --self-contained \
    -o "$out" -nologo -clp:ErrorsOnly
  log "running them${emulator:+ under ${emulator[0]}}"
  TUNER_EXPECT_ISA=Vector128 ${emulator[@]+"${emulator[@]}"} "$out/Tuner.InProcessRunner" --filter "${1:-$ENGINE_SLOW_PATH_TESTS}"
}

cmd_bench() {
  dotnet run -c Release --project bench/Engine.Bench -- "$@"
}

case "${1:-build}" in
  build) shift || true; cmd_build "$@" ;;
  test) shift; cmd_test "$@" ;;
  test-arm64) shift; cmd_test_arm64 "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  *) echo "usage: ./build.sh build|test|test-arm64|bench [args]" >&2; exit 2 ;;
esac
