"""A Neo4j 5 community server from the Maven Central jars in tools/neo4j/lib, without Docker.

    python tools/neo4j/server.py start [--home DIR] [--port 7687] [--http-port 7474|0]
    python tools/neo4j/server.py stop  [--home DIR]
    python tools/neo4j/server.py status [--home DIR]
    python tools/neo4j/server.py run -- COMMAND ARGS...     # a throw-away server around one command
    python tools/neo4j/server.py admin [--home DIR] -- ARGS  # neo4j-admin, e.g. database import full ...

`make neo4j` and `make neo4j-stop` (mk/neo4j.mk) call the first two; `make test` wraps pytest
in `run`. The server is Neo4j's own entry point, org.neo4j.server.CommunityEntryPoint, with a
neo4j.conf written here; neo4j-admin is org.neo4j.cli.AdminTool from the same jars. The
password comes from NEO4J_PASSWORD (`run` makes a random one) and reaches neo4j-admin through
a private argument file, never a command line or a log.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LIB = Path(os.environ.get("NEO4J_LIB", HERE / "lib"))
SUPPORTED_JAVA = (17, 21)  # the Java versions Neo4j 5.26 runs on
USER = "neo4j"
DATABASE = "neo4j"
MIN_PASSWORD = 8  # dbms.security.auth_minimum_password_length's default
SERVER_MAIN = "org.neo4j.server.CommunityEntryPoint"
ADMIN_MAIN = "org.neo4j.cli.AdminTool"

# What Neo4j 5 needs from Java 17 beyond the defaults (the flags of the server.jvm.additional
# lines of the neo4j.conf that Neo4j's tarball ships). Without the three --add-opens, debug.log
# warns "Reflection access to java.nio.DirectByteBuffer is not available, using fallback mode"
# (page cache) and "Error on attempt to preallocate log file ... Incorrect file descriptor"
# (transaction logs); netty's reflection flag goes with them.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


class ServerError(RuntimeError):
    """Something the user has to fix; the message says what and how."""


@dataclass
class Server:
    """Where a server lives and how it listens. `http_port` None turns HTTP off."""

    home: Path
    port: int = 7687
    http_port: int | None = 7474
    heap: str = "1g"
    pagecache: str = "512m"
    # The server process this object started: its state is known without the pid file (which
    # goes when the folder is removed under it) or /proc.
    proc: subprocess.Popen | None = field(default=None, compare=False, repr=False)

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def conf(self) -> str:
        """The neo4j.conf of this server: loopback only, auth on, no usage report."""
        http = (f"server.http.enabled=true\nserver.http.listen_address=127.0.0.1:{self.http_port}\n"
                f"server.http.advertised_address=127.0.0.1:{self.http_port}"
                if self.http_port else "server.http.enabled=false")
        jvm = "\n".join(f"server.jvm.additional={f}" for f in JVM_FLAGS)
        return f"""# Written by tools/neo4j/server.py on each start; edit that file, not this one.
server.directories.lib={LIB}
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:{self.port}
server.bolt.advertised_address=127.0.0.1:{self.port}
{http}
server.https.enabled=false
dbms.security.auth_enabled=true
# No phone-home: this machine reaches package registries only.
dbms.usage_report.enabled=false
server.memory.heap.initial_size={self.heap}
server.memory.heap.max_size={self.heap}
server.memory.pagecache.size={self.pagecache}
# Keep the transaction logs small: this server holds copies of stores, not the only data.
db.tx_log.rotation.retention_policy=256M size
# The same flags tools/neo4j/server.py passes to java (Neo4j's own `neo4j` launcher reads these).
{jvm}
"""


def _java() -> str:
    """The java to run Neo4j with: NEO4J_JAVA, else JAVA_HOME's, else the one on PATH."""
    java = os.environ.get("NEO4J_JAVA")
    if not java and os.environ.get("JAVA_HOME"):
        java = str(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
    java = java or shutil.which("java")
    if not java or not Path(java).exists():
        raise ServerError("java not found: Neo4j 5.26 needs a JDK 17 or 21 "
                          "(Debian: apt-get install openjdk-17-jdk-headless), or set JAVA_HOME")
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    major = int(m.group(1)) if m else 0
    if major == 1 and m.group(2):  # "1.8.0" style
        major = int(m.group(2))
    if major not in SUPPORTED_JAVA:
        raise ServerError(f"{java} is Java {major or '?'}; Neo4j 5.26 runs on Java 17 or 21: "
                          "set JAVA_HOME (or NEO4J_JAVA) to one of those")
    return java


def _classpath(server: Server | None = None) -> str:
    if not any(LIB.glob("neo4j-5*.jar")):
        raise ServerError(f"no Neo4j jars in {LIB}: run `make neo4j-jars` (Maven fetches them from Maven Central)")
    parts = [f"{server.conf_dir}/*"] if server else []
    return os.pathsep.join([*parts, f"{LIB}/*"])


def _env(server: Server) -> dict[str, str]:
    # The JVM needs no credentials: keep the password out of its environment.
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    env.update(NEO4J_HOME=str(server.home), NEO4J_CONF=str(server.conf_dir))
    return env


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port nobody listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def running_pid(server: Server) -> int | None:
    """The pid of this home's server if it runs (a stale pid file is ignored)."""
    if server.proc is not None:
        return server.proc.pid if server.proc.poll() is None else None
    try:
        pid = int(server.pid_file.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    # The pid may have been reused by another process since: check it is this home's server.
    return pid if f"--home-dir={server.home}".encode() in cmdline else None


def admin(server: Server, args: list[str], password: str | None = None, quiet: bool = False,
          cwd: Path | None = None) -> int:
    """Run neo4j-admin with `args` for this home (in folder `cwd`). With `password`, it replaces a
    `{password}` argument by way of a private argument file (picocli's @file), so it never shows
    in `ps`."""
    java = _java()
    server.conf_dir.mkdir(parents=True, exist_ok=True)
    argfile = None
    try:
        if password is not None:
            fd, argfile = tempfile.mkstemp(prefix="neo4j-admin-", dir=server.home)
            with os.fdopen(fd, "w") as f:  # mkstemp makes it 0600
                # `--` ends the options, so that a password beginning with "-" is no option;
                # quoted, so that spaces, quotes and # in it stay part of it
                quoted = password.replace("\\", "\\\\").replace('"', '\\"')
                f.write(f'--\n"{quoted}"\n')
            args = [f"@{argfile}" if a == "{password}" else a for a in args]
        cmd = [java, *JVM_FLAGS, "-Xmx1g", "-cp", _classpath(server), ADMIN_MAIN, *args]
        out = subprocess.DEVNULL if quiet else None
        return subprocess.run(cmd, env=_env(server), stdout=out, cwd=cwd).returncode
    finally:
        if argfile:
            os.unlink(argfile)


def start(server: Server, password: str, timeout: float = 300.0, quiet: bool = False) -> int:
    """Start the server (or find it running), wait until Bolt accepts the password; its pid."""
    if len(password) < MIN_PASSWORD:
        raise ServerError(f"the Neo4j password needs {MIN_PASSWORD} characters or more "
                          "(set NEO4J_PASSWORD)")
    java = _java()
    classpath = _classpath(server)
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr))
    pid = running_pid(server)
    if pid is None:
        for name, port in (("NEO4J_PORT", server.port), ("NEO4J_HTTP_PORT", server.http_port)):
            if port and not port_free(port):
                raise ServerError(f"port {port} on 127.0.0.1 is taken (another Neo4j?): "
                                  f"choose another with {name}=…")
        server.home.mkdir(parents=True, exist_ok=True)
        server.home.chmod(0o700)
        for d in (server.conf_dir, server.logs, server.pid_file.parent):
            d.mkdir(parents=True, exist_ok=True)
        (server.conf_dir / "neo4j.conf").write_text(server.conf(), encoding="utf-8")
        if not (server.data / "dbms" / "auth.ini").exists() and not (server.data / "databases" / "system").exists():
            say(f"neo4j: new data folder {server.data}: setting the password of user {USER}")
            if admin(server, ["dbms", "set-initial-password", "{password}"], password=password, quiet=True):
                raise ServerError(f"neo4j-admin could not set the initial password in {server.data}")
        cmd = [java, *JVM_FLAGS, f"-Xms{server.heap}", f"-Xmx{server.heap}", "-cp", classpath, SERVER_MAIN,
               f"--home-dir={server.home}", f"--config-dir={server.conf_dir}"]
        with (server.logs / "console.log").open("ab") as console:
            proc = subprocess.Popen(cmd, env=_env(server), stdin=subprocess.DEVNULL, stdout=console,
                                    stderr=subprocess.STDOUT, start_new_session=True, cwd=server.home)
        server.proc, pid = proc, proc.pid
        server.pid_file.write_text(f"{pid}\n")
        say(f"neo4j: started pid {pid}; waiting for Bolt on {server.uri} …")
        try:
            _wait_for_bolt(server, pid, password, timeout, say)
        except BaseException:
            stop(server, quiet=True)  # never leave a half-started server behind
            raise
    else:
        say(f"neo4j: already running (pid {pid})")
        _wait_for_bolt(server, pid, password, timeout, say)
    return pid


def _wait_for_bolt(server: Server, pid: int, password: str, timeout: float, say) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable

    t0 = time.monotonic()
    next_note = 15.0
    while True:
        if running_pid(server) != pid:
            code = server.proc.returncode if server.proc is not None else None
            how = f"exit code {code}" if code is not None else f"pid {pid} is gone"
            raise ServerError(f"Neo4j stopped while starting ({how}); see {server.logs}:\n{log_tail(server)}")
        try:
            with GraphDatabase.driver(server.uri, auth=(USER, password), connection_timeout=5) as d:
                d.verify_connectivity()
            say(f"neo4j: Bolt answers after {time.monotonic() - t0:.0f} s")
            return
        except AuthError as e:
            raise ServerError(f"Neo4j at {server.uri} refused the password: the password is fixed when "
                              f"{server.data} is first made; use that one, or stop the server and remove "
                              f"{server.data} to start afresh") from e
        except (ServiceUnavailable, OSError):
            pass
        waited = time.monotonic() - t0
        if waited > timeout:
            raise ServerError(f"Bolt did not answer on {server.uri} within {timeout:.0f} s "
                              f"(NEO4J_START_TIMEOUT); see {server.logs / 'neo4j.log'}:\n{log_tail(server)}")
        if waited > next_note:
            say(f"neo4j: still starting ({waited:.0f} s)")
            next_note += 15
        time.sleep(0.5)


def _alive(pid: int) -> bool:
    """Whether a process that is not our child still runs."""
    try:
        os.kill(pid, 0)
        # A zombie still answers kill(0).
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (ProcessLookupError, OSError, IndexError):
        return False


def log_tail(server: Server, lines: int = 15) -> str:
    out = []
    for name in ("neo4j.log", "console.log", "debug.log"):
        path = server.logs / name
        if path.exists():
            out += [f"  {x}" for x in path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]]
    return "\n".join(out)


def stop(server: Server, timeout: float = 120.0, quiet: bool = False) -> bool:
    """Stop this home's server (SIGTERM: Neo4j shuts down cleanly; SIGKILL after `timeout`).
    False if none was running."""
    pid = running_pid(server)
    if pid is None:
        server.pid_file.unlink(missing_ok=True)
        return False
    t0 = time.monotonic()
    os.kill(pid, signal.SIGTERM)
    killed = False
    while server.proc.poll() is None if server.proc is not None else _alive(pid):
        if not killed and time.monotonic() - t0 > timeout:
            print(f"neo4j: pid {pid} still running after {timeout:.0f} s; killing it", file=sys.stderr)
            os.kill(pid, signal.SIGKILL)
            killed = True
        time.sleep(0.2)
    server.proc = None
    server.pid_file.unlink(missing_ok=True)
    if not quiet:
        print(f"neo4j: stopped pid {pid} in {time.monotonic() - t0:.0f} s", file=sys.stderr)
    return True


def where(server: Server) -> str:
    """Where the server listens and keeps its files."""
    lines = [f"  Bolt:  {server.uri}  (user {USER}, password from NEO4J_PASSWORD)"]
    if server.http_port:
        lines.append(f"  HTTP:  http://127.0.0.1:{server.http_port}  (Neo4j Browser)")
    lines += [f"  data:  {server.data}", f"  logs:  {server.logs}/neo4j.log (debug.log, console.log beside it)",
              f"  pid:   {server.pid_file}", f"  conf:  {server.conf_dir / 'neo4j.conf'}"]
    return "\n".join(lines)


def run_scratch(command: list[str], heap: str = "768m", pagecache: str = "256m", keep_logs: Path | None = None) -> int:
    """Run `command` with a new server on free ports, a random password and a temporary data
    folder, all passed in NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD/NEO4J_DATABASE; stop it and remove
    the folder afterwards, whatever the command did. The command's exit code."""
    home = Path(tempfile.mkdtemp(prefix="innokg-neo4j-"))
    password = secrets.token_urlsafe(24)
    server = None
    code = 1

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupted)
    try:
        for attempt in range(3):
            server = Server(home=home, port=free_port(), http_port=None, heap=heap, pagecache=pagecache)
            t = time.monotonic()
            try:
                start(server, password, timeout=float(os.environ.get("NEO4J_START_TIMEOUT", 300)))
                break
            except ServerError as e:
                # Another process may have taken the free port between the check and the bind.
                if "Address already in use" not in str(e) or attempt == 2:
                    raise
                stop(server, quiet=True)
        print(f"neo4j: scratch server on {server.uri} ready in {time.monotonic() - t:.0f} s, data in {home}",
              file=sys.stderr)
        env = dict(os.environ, NEO4J_URI=server.uri, NEO4J_USER=USER, NEO4J_PASSWORD=password,
                   NEO4J_DATABASE=DATABASE, INNOKG_REQUIRE_NEO4J="1")
        code = subprocess.run(command, env=env).returncode
    except KeyboardInterrupt:
        code = 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server is not None:
            stop(server)
            if code and keep_logs and server.logs.exists():
                shutil.copytree(server.logs, keep_logs, dirs_exist_ok=True)
                print(f"neo4j: logs kept in {keep_logs}", file=sys.stderr)
        shutil.rmtree(home, ignore_errors=True)
    return code


def _server_from(args) -> Server:
    http = args.http_port
    return Server(home=Path(args.home).resolve(), port=args.port, http_port=http if http else None,
                  heap=args.heap, pagecache=args.pagecache)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    env = os.environ.get
    for name in ("start", "stop", "status", "admin"):
        p = sub.add_parser(name)
        p.add_argument("--home", default=env("NEO4J_DIR", str(ROOT / ".neo4j")),
                       help="the server's folder: conf/, data/, logs/, run/ (NEO4J_DIR, default .neo4j)")
        p.add_argument("--port", type=int, default=int(env("NEO4J_PORT", 7687)), help="Bolt port (NEO4J_PORT)")
        p.add_argument("--http-port", type=int, default=int(env("NEO4J_HTTP_PORT", 7474)),
                       help="HTTP port for Neo4j Browser, 0 for none (NEO4J_HTTP_PORT)")
        p.add_argument("--heap", default=env("NEO4J_HEAP", "1g"), help="JVM heap (NEO4J_HEAP)")
        p.add_argument("--pagecache", default=env("NEO4J_PAGECACHE", "512m"), help="page cache (NEO4J_PAGECACHE)")
        if name == "admin":
            p.add_argument("args", nargs=argparse.REMAINDER, help="neo4j-admin's arguments, after --")
    run = sub.add_parser("run", help="a throw-away server around one command")
    run.add_argument("--keep-logs", default=str(ROOT / "test-output" / "neo4j-logs"),
                     help="where the server's logs are copied when the command fails")
    run.add_argument("--heap", default="768m", help="JVM heap of the throw-away server")
    run.add_argument("--pagecache", default="256m", help="page cache of the throw-away server")
    run.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = ap.parse_args(argv)

    try:
        if args.cmd == "run":
            command = args.command[1:] if args.command[:1] == ["--"] else args.command
            if not command:
                ap.error("run needs a command after --")
            return run_scratch(command, heap=args.heap, pagecache=args.pagecache, keep_logs=Path(args.keep_logs))
        server = _server_from(args)
        if args.cmd == "start":
            password = env("NEO4J_PASSWORD")
            if not password:
                raise ServerError(f"set NEO4J_PASSWORD ({MIN_PASSWORD} characters or more) first: "
                                  "it becomes the password of user neo4j when the data folder is made")
            pid = start(server, password, timeout=float(env("NEO4J_START_TIMEOUT", 300)))
            print(f"Neo4j 5 community runs (pid {pid}):\n{where(server)}\nStop it with `make neo4j-stop`.")
        elif args.cmd == "stop":
            if not stop(server):
                print(f"neo4j: not running (no live pid in {server.pid_file})", file=sys.stderr)
        elif args.cmd == "status":
            pid = running_pid(server)
            print(f"Neo4j runs (pid {pid}):\n{where(server)}" if pid else f"Neo4j is not running in {server.home}")
            return 0 if pid else 3
        elif args.cmd == "admin":
            rest = args.args[1:] if args.args[:1] == ["--"] else args.args
            return admin(server, rest)
    except ServerError as e:
        print(f"neo4j: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
