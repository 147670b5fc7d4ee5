# Headless Chromium and a Chinese font for the explorer's end-to-end test
# (tests/test_explorer_e2e.py drives the app through Playwright with Debian's chromium;
# `playwright install` cannot download browsers here). Installed with apt-get when missing;
# CI runs as root, elsewhere sudo is used if present.
BROWSER_PACKAGES := chromium fonts-wqy-microhei
APT_SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: browser
browser:
	@missing=""; \
	for p in $(BROWSER_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "browser: installing$$missing with apt-get" >&2; \
	  $(APT_SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(APT_SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null || { \
	    echo "browser: could not install$$missing; install them, or set INNOKG_SKIP_BROWSER=1 to skip the browser test" >&2; exit 1; }; \
	fi

TEST_DEPS += browser
