#!/usr/bin/env bash
# The README's test command, as root, in a checkout other users cannot enter.
#
# Docker builds and CI runners often work as root under /root or in a `mktemp -d` directory
# (mode 0700). A test that runs a child as another user (storage-sqlite's open-failures drops
# root's child to nobody) fails there, and only there, if that child needs anything from the
# checkout. This clones the current commit into a fresh 0700 directory, installs from the
# lockfile (reusing the pnpm store) and runs `pnpm test` there as root.
#
# Usage: scripts/private-checkout-check.sh [vitest arguments, e.g. --project storage-sqlite]
# Not root: runs the tests through `sudo -n` if that needs no password, else skips, saying why.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "private-checkout-check: $*"; }

as_root=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n env "PATH=$PATH")
  else
    say "skipped: needs root, or sudo without a password. The tests it guards drop their" \
      "child to another user only when run as root; run as $(id -un), the child is $(id -un) too."
    exit 0
  fi
fi

commit=$(git rev-parse HEAD)
if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
  say "note: testing commit ${commit:0:12}; uncommitted changes are not in the clone."
fi
store=$(pnpm store path)

private=$(mktemp -d)
chmod 0700 "$private"
cleanup() { "${as_root[@]}" rm -rf "$private"; }
trap cleanup EXIT
checkout="$private/dealercare"

say "commit ${commit:0:12} cloned into $private ($(ls -ld "$private" | cut -c1-10)), tests as root"
git clone -q --no-checkout "$PWD" "$checkout"
git -C "$checkout" checkout -q --detach "$commit"

if ! (cd "$checkout" && pnpm install --frozen-lockfile --prefer-offline --store-dir "$store") \
  >"$private/install.log" 2>&1; then
  cat "$private/install.log"
  say "failed: pnpm install in the clone (log above)"
  exit 1
fi

if ! (cd "$checkout" && "${as_root[@]}" pnpm test "$@"); then
  say "failed: pnpm test, as root, in a clone in a private directory (output above). If the" \
    "same tests pass in place, one depends on where the checkout is or who can read it: a" \
    "child run as another user must load nothing from the checkout (see" \
    "packages/storage-sqlite/test/fixtures/standalone-fixture.ts)."
  exit 1
fi
say "ok"
