"""tools/neo4j/server.py and mk/neo4j.mk say what is missing, and how to get it, in one line.

These need no server: they check the messages for a missing java or mvn, a Java Neo4j does
not run on, missing jars, a short password and a taken port. The server itself is exercised
by every test in tests/test_neo4j_*.py that `make test` runs inside it.
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest
from neo4j_live import server_tool

ROOT = Path(__file__).resolve().parent.parent


def _make(tool_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """`make neo4j-jars` for a copy of tools/neo4j without jars, so that the rule runs (and,
    were its checks to pass, would fetch into that copy, never into the real one)."""
    tool_dir.mkdir()
    (tool_dir / "pom.xml").write_bytes((ROOT / "tools" / "neo4j" / "pom.xml").read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("JAVA_HOME", "MAKEFLAGS", "MFLAGS")}
    return subprocess.run(["make", "-s", "neo4j-jars", f"NEO4J_TOOL={tool_dir}", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def test_make_says_how_to_get_java(tmp_path):
    r = _make(tmp_path / "neo4j", "NEO4J_JAVA=no-such-java-here")
    assert r.returncode != 0
    assert "java not found" in r.stderr and "apt-get install openjdk-17-jdk-headless" in r.stderr


def test_make_says_how_to_get_maven(tmp_path):
    r = _make(tmp_path / "neo4j", "MVN=no-such-mvn-here")
    assert r.returncode != 0
    assert "mvn not found" in r.stderr and "apt-get install maven" in r.stderr


def test_java_version_is_checked(tmp_path, monkeypatch):
    tool = server_tool()
    old = tmp_path / "java"
    old.write_text('#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n')
    old.chmod(0o755)
    monkeypatch.setenv("NEO4J_JAVA", str(old))
    with pytest.raises(tool.ServerError, match="Java 11; Neo4j 5.26 runs on Java 17 or 21"):
        tool._java()
    monkeypatch.setenv("NEO4J_JAVA", str(tmp_path / "nothing"))
    with pytest.raises(tool.ServerError, match="java not found"):
        tool._java()


def test_missing_jars_say_make_neo4j_jars(tmp_path, monkeypatch):
    tool = server_tool()
    monkeypatch.setattr(tool, "LIB", tmp_path)
    with pytest.raises(tool.ServerError, match="make neo4j-jars"):
        tool._classpath()


def test_short_password_and_taken_port_are_refused_before_anything_starts(tmp_path):
    tool = server_tool()
    server = tool.Server(home=tmp_path / "home", port=tool.free_port(), http_port=None)
    with pytest.raises(tool.ServerError, match="8 characters or more"):
        tool.start(server, "short")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server.port = taken.getsockname()[1]
        with pytest.raises(tool.ServerError, match=f"port {server.port} on 127.0.0.1 is taken"):
            tool.start(server, "long-enough-password")
    assert not (tmp_path / "home").exists(), "nothing was made"


def test_the_conf_listens_on_loopback_with_auth_and_no_usage_report(tmp_path):
    tool = server_tool()
    conf = tool.Server(home=tmp_path, port=7999, http_port=None).conf()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "server.bolt.listen_address=127.0.0.1:7999" in conf
    assert "server.http.enabled=false" in conf
    assert "dbms.security.auth_enabled=true" in conf and "dbms.usage_report.enabled=false" in conf
    assert "server.jvm.additional=--add-opens=java.base/java.nio=ALL-UNNAMED" in conf
    assert "http.listen_address=127.0.0.1:7475" in tool.Server(home=tmp_path, port=7999, http_port=7475).conf()


def test_a_password_that_looks_like_an_option_or_holds_quotes_starts_a_server(neo4j_db):
    """neo4j-admin reads the password from an argument file: one that begins with "-" (as
    secrets.token_urlsafe may give) or holds quotes, spaces, # or backslashes is still the password."""
    import tempfile

    from neo4j import GraphDatabase

    tool = server_tool()
    password = '-looks-like-an-option "quoted" #hash \\back'
    with tempfile.TemporaryDirectory(prefix="innokg-pw-") as home:  # short path: Neo4j's socket paths
        server = tool.Server(home=Path(home) / "pw", port=tool.free_port(), http_port=None,
                             heap="256m", pagecache="64m")
        try:
            tool.start(server, password, quiet=True)
            with GraphDatabase.driver(server.uri, auth=(tool.USER, password)) as driver:
                assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
        finally:
            tool.stop(server, quiet=True)
