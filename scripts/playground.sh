#!/usr/bin/env bash
# Starts the Microsoft 365 Agents Playground (a local Teams client) against the bot on localhost:3978, with the
# mock tenant in .m365agentsplayground.yml. Run the bot without Teams credentials (anonymous) in another shell
# first: `npm start`. The Playground tries to open a browser with xdg-open; a no-op stand-in keeps it from failing
# on machines without a desktop: open the printed URL yourself. If it exits without a word, read its log in
# devTools/m365agentsplayground.log (a bad .m365agentsplayground.yml is reported there).
set -euo pipefail
cd "$(dirname "$0")/.."
shim="$(mktemp -d)"
trap 'rm -rf "$shim"' EXIT
printf '#!/bin/sh\nexit 0\n' > "$shim/xdg-open"
chmod +x "$shim/xdg-open"
PATH="$shim:$PATH" exec npx --no-install agentsplayground -e "${PLAYGROUND_ENDPOINT:-http://localhost:3978/api/messages}" -c msteams --disable-telemetry "$@"
