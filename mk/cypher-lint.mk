# Neo4j's Cypher linter (@neo4j-cypher/language-support from npm) for tests/test_neo4j_lint.py,
# installed from the lockfile into tools/cypher-lint/node_modules. `make cypher-lint` runs it alone.
CYPHER_LINT := tools/cypher-lint

$(CYPHER_LINT)/node_modules/.installed: $(CYPHER_LINT)/package.json $(CYPHER_LINT)/package-lock.json
	cd $(CYPHER_LINT) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: cypher-lint-deps cypher-lint
cypher-lint-deps: $(CYPHER_LINT)/node_modules/.installed

cypher-lint: install cypher-lint-deps
	$(PY) $(CYPHER_LINT)/statements.py | node $(CYPHER_LINT)/lint.mjs

TEST_DEPS += cypher-lint-deps
