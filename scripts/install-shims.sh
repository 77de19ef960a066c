#!/bin/sh
# Installs shellgate into a container image in one RUN line: the package, root-owned PATH shims, PATH for every shell, and a read-only policy.
#
#   RUN /opt/shellgate/scripts/install-shims.sh --policy /tmp/policy.yaml --queue /var/lib/shellgate/queue
#
# Layout (with the default --prefix /usr/local and --etc /etc):
#   /usr/local/lib/shellgate/        the package (bin/, dist/, shims/ ...), root-owned
#   /usr/local/bin/shellgate         a link to it
#   /usr/local/shellgate/bin/        the shims (a directory of their own, marked .shellgate-shims)
#   /etc/profile.d/shellgate.sh      puts the shim directory first on PATH for login shells
#   /etc/bash.bashrc                 the same for interactive non-login bash (when the file exists)
#   /etc/shellgate/policy.yaml       the system policy, root-owned, read-only for everyone else
#   QUEUE/requests, QUEUE/decisions  the approval queue (when --queue is given)
set -eu

me=install-shims.sh
die() { printf '%s: %s\n' "$me" "$*" >&2; exit 1; }
usage() {
  cat <<'EOF_USAGE'
usage: install-shims.sh [--from DIR|TARBALL] [--policy FILE] [--queue DIR] [--tools a,b,c | --all] [--present]
                        [--timeout S] [--max-wait S] [--fail-open a,b] [--node PATH]
                        [--root DIR | --prefix DIR --etc DIR] [--owner USER:GROUP]

  --from      a shellgate checkout with dist/ built, or an npm tarball (npm pack); default: the
              checkout that holds this script
  --policy    policy file to install as ETC/shellgate/policy.yaml
  --queue     approval queue directory baked into the shims (requests/ and decisions/ below it)
  --tools, --all, --present, --timeout, --max-wait, --fail-open: passed to `shellgate shims install`
  --node      node binary the shims run (default: node on PATH, resolved to an absolute path)
  --root      install below DIR instead of / (prefix DIR/usr/local, etc DIR/etc): staging and tests
  --prefix    default /usr/local;  --etc  default /etc
  --owner     owner of everything installed (default root:root when run as root, else unchanged)
EOF_USAGE
}

here=$(cd "$(dirname "$0")" && pwd)
from=$(cd "$here/.." && pwd)
root=
prefix=
etc=
policy=
queue=
node=
owner=
shims_args=
# Collects arguments for `shellgate shims install`, each single-quoted for the eval below.
add_arg() { shims_args="$shims_args '$(printf '%s' "$1" | sed "s/'/'\\\\''/g")'"; }

while [ $# -gt 0 ]; do
  opt=$1
  shift
  case $opt in
    --*=*) val=${opt#*=}; opt=${opt%%=*} ;;
    --all|--present|-h|--help) val= ;;
    --from|--root|--prefix|--etc|--policy|--queue|--node|--owner|--tools|--timeout|--max-wait|--fail-open)
      [ $# -gt 0 ] || die "$opt needs a value"
      val=$1
      shift
      ;;
    --*) die "unknown option $opt (see --help)" ;;
    *) die "unexpected argument '$opt' (see --help)" ;;
  esac
  case $opt in
    --from) from=$val ;;
    --root) root=$val ;;
    --prefix) prefix=$val ;;
    --etc) etc=$val ;;
    --policy) policy=$val ;;
    --queue) queue=$val ;;
    --node) node=$val ;;
    --owner) owner=$val ;;
    --tools|--timeout|--max-wait|--fail-open) add_arg "$opt"; add_arg "$val" ;;
    --all|--present) add_arg "$opt" ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option $opt (see --help)" ;;
  esac
done

case $root in ''|/*) ;; *) root=$(pwd)/$root ;; esac
root=${root%/}
[ -n "$prefix" ] || prefix=$root/usr/local
[ -n "$etc" ] || etc=$root/etc
case $prefix in /*) ;; *) die "--prefix must be an absolute path" ;; esac
case $etc in /*) ;; *) die "--etc must be an absolute path" ;; esac

if [ -z "$node" ]; then node=$(command -v node || true); fi
[ -n "$node" ] || die "node is not on PATH: install Node.js 20 or later first, or pass --node PATH"
case $node in /*) ;; *) node=$(command -v "$node" || true) ;; esac
[ -x "$node" ] || die "$node is not an executable node"
"$node" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || die "$node is older than Node.js 20"

if [ -z "$owner" ] && [ "$(id -u)" = 0 ]; then owner=root:root; fi
own() { if [ -n "$owner" ]; then chown -R "$owner" "$@"; fi; }

lib=$prefix/lib/shellgate
shim_dir=$prefix/shellgate/bin
stage=$lib.new.$$
trap 'rm -rf "$stage"' EXIT
rm -rf "$stage"
mkdir -p "$stage"

# The package: from an npm tarball (package/ inside), or copied from a checkout whose bundle is built.
case $from in
  *.tgz|*.tar.gz)
    [ -f "$from" ] || die "no tarball $from"
    tar -xzf "$from" -C "$stage"
    [ -d "$stage/package" ] || die "$from is not an npm package tarball (no package/ inside)"
    mv "$stage/package" "$stage/pkg"
    ;;
  *)
    [ -f "$from/package.json" ] && [ -f "$from/shims/shim.sh" ] || die "$from is not a shellgate checkout (package.json and shims/shim.sh expected)"
    [ -f "$from/dist/cli.mjs" ] || die "$from/dist/cli.mjs is missing: build first (npm run build), or pass an npm tarball (npm pack)"
    mkdir -p "$stage/pkg"
    for p in package.json README.md bin dist shims policies scripts/install-shims.sh; do
      [ -e "$from/$p" ] || continue
      mkdir -p "$stage/pkg/$(dirname "$p")"
      cp -R "$from/$p" "$stage/pkg/$p"
    done
    ;;
esac
[ -f "$stage/pkg/dist/cli.mjs" ] || die "the package has no dist/cli.mjs"
chmod -R go-w "$stage/pkg"
mkdir -p "$(dirname "$lib")"
rm -rf "$lib"
mv "$stage/pkg" "$lib"
own "$lib"

mkdir -p "$prefix/bin"
ln -sf "$lib/bin/shellgate" "$prefix/bin/shellgate"

# The policy: root-owned and read-only for the agent's user, in the system layer every check reads.
mkdir -p "$etc/shellgate"
chmod 755 "$etc/shellgate"
if [ -n "$policy" ]; then
  [ -f "$policy" ] || die "no policy file $policy"
  cp "$policy" "$etc/shellgate/policy.yaml"
  chmod 644 "$etc/shellgate/policy.yaml"
fi
own "$etc/shellgate"

# The approval queue: the agent writes requests/, only the human side writes decisions/.
if [ -n "$queue" ]; then
  case $queue in /*) ;; *) die "--queue must be an absolute path" ;; esac
  queue=$root$queue
  add_arg --queue; add_arg "$queue"
  mkdir -p "$queue/requests" "$queue/decisions"
  chmod 755 "$queue" "$queue/decisions"
  chmod 1777 "$queue/requests"
  own "$queue"
fi

# The shims: generated by shellgate itself so the template and the CLI always match.
rm -rf "$shim_dir"
eval "set -- $shims_args"
"$node" "$lib/dist/cli.mjs" shims install --dir "$shim_dir" --node "$node" --cli "$lib/bin/shellgate" "$@" >/dev/null
chmod 755 "$shim_dir"
own "$prefix/shellgate"

# PATH: shims first for login shells (profile.d) and interactive bash; `ENV PATH=` in the Dockerfile covers the rest.
mkdir -p "$etc/profile.d"
cat > "$etc/profile.d/shellgate.sh" <<EOF_PROFILE
# shellgate: PATH shims first (installed by install-shims.sh)
case "\${PATH}:" in
  "$shim_dir:"*) ;;
  *) PATH="$shim_dir:\${PATH}"; export PATH ;;
esac
EOF_PROFILE
chmod 644 "$etc/profile.d/shellgate.sh"
own "$etc/profile.d/shellgate.sh"
if [ -f "$etc/bash.bashrc" ] && ! grep -q 'shellgate: PATH shims' "$etc/bash.bashrc"; then
  printf '\n# shellgate: PATH shims first\n[ -r %s/profile.d/shellgate.sh ] && . %s/profile.d/shellgate.sh\n' "$etc" "$etc" >> "$etc/bash.bashrc"
fi

printf 'shellgate installed in %s; shims in %s\n' "$lib" "$shim_dir"
printf 'add to the Dockerfile so every process finds the shims first:\n  ENV PATH=%s:$PATH\n' "$shim_dir"
