# A real Neo4j 5.26 community server without Docker, from Maven Central (tools/neo4j/pom.xml):
#   make neo4j-jars   fetch the jars into tools/neo4j/lib once (Maven caches them in ~/.m2)
#   make neo4j        start it on 127.0.0.1 (NEO4J_PORT, default 7687; NEO4J_HTTP_PORT, default
#                     7474, 0 for none) with the password from NEO4J_PASSWORD; data, logs and pid
#                     in NEO4J_DIR (default .neo4j)
#   make neo4j-stop   stop it
# `make test` runs pytest inside tools/neo4j/server.py's `run`: a throw-away server on free
# ports with a random password and a temporary data folder, stopped afterwards even when
# tests fail, so the Neo4j integration tests run for real.
NEO4J_TOOL := tools/neo4j
NEO4J_JARS := $(NEO4J_TOOL)/lib/.fetched
NEO4J_SERVER = $(PY) $(NEO4J_TOOL)/server.py
MVN ?= mvn
NEO4J_JAVA ?= java

$(NEO4J_JARS): $(NEO4J_TOOL)/pom.xml
	@command -v $(NEO4J_JAVA) >/dev/null 2>&1 || { [ -n "$$JAVA_HOME" ] && [ -x "$$JAVA_HOME/bin/java" ]; } || { \
	  echo "neo4j: java not found: Neo4j 5.26 needs a JDK 17 or 21 (Debian: apt-get install openjdk-17-jdk-headless)," \
	       "or set JAVA_HOME" >&2; exit 1; }
	@command -v $(MVN) >/dev/null 2>&1 || { \
	  echo "neo4j: mvn not found: Maven fetches Neo4j's jars from Maven Central (Debian: apt-get install maven)" >&2; exit 1; }
	@echo "neo4j: fetching Neo4j 5.26 community jars from Maven Central into $(NEO4J_TOOL)/lib (about 140 MB, once)" >&2
	rm -rf $(NEO4J_TOOL)/lib && mkdir -p $(NEO4J_TOOL)/lib
	@$(MVN) -B -Dstyle.color=never -f $(NEO4J_TOOL)/pom.xml dependency:copy-dependencies \
	  -DincludeScope=runtime -DoutputDirectory=lib >$(NEO4J_TOOL)/lib/mvn.log 2>&1 || { \
	  tail -40 $(NEO4J_TOOL)/lib/mvn.log >&2; echo "neo4j: Maven could not fetch the jars (log: $(NEO4J_TOOL)/lib/mvn.log)" >&2; exit 1; }
	touch $@

.PHONY: neo4j-jars neo4j neo4j-stop neo4j-status bench-neo4j
neo4j-jars: $(NEO4J_JARS)

neo4j: install neo4j-jars
	$(NEO4J_SERVER) start

neo4j-stop: install
	$(NEO4J_SERVER) stop

neo4j-status: install
	@$(NEO4J_SERVER) status || true

# Load speed: the store of the bench corpus (NEO4J_BENCH_CORPUS million characters; corpus and
# store are made once under bench/out/) into a throw-away server; prints the README's table.
NEO4J_BENCH_CORPUS ?= 10
bench-neo4j: install neo4j-jars
	$(NEO4J_SERVER) run --heap 2g --pagecache 1g -- $(PY) bench/bench_neo4j.py --corpus $(NEO4J_BENCH_CORPUS)

TEST_DEPS += neo4j-jars
TEST_RUN += $(NEO4J_SERVER) run --
