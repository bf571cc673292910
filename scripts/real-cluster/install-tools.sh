#!/usr/bin/env bash
# Installs the real control plane's tools at the versions pinned in versions.env, each into its own folder of
# the tool cache (outside the work tree), and prints the cache's bin folder last. A tool already built at its
# pinned version is not rebuilt. Sources: Debian's packages (etcd) and the Go module proxy (everything else).
#
#   DATASPOKE_DEV_TOOLS_CACHE   the cache (default: ${XDG_CACHE_HOME:-~/.cache}/dataspoke-dev-env/tools)
#
# Build logs go to <cache>/logs/<tool>.log; a failed build prints its last lines and exits non-zero.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${DATASPOKE_DEV_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dataspoke-dev-env/tools}"
mkdir -p "$cache/bin" "$cache/logs"
export GOFLAGS="${GOFLAGS:--buildvcs=false}" CGO_ENABLED=0

need() { command -v "$1" >/dev/null 2>&1 || { echo "install-tools: $1 is missing: $2" >&2; exit 1; }; }
need go "install Go 1.23 or newer (https://go.dev/doc/install)"

# link NAME DIR: put DIR/NAME on the cache's bin folder.
link() { ln -sfn "$2/$1" "$cache/bin/$1"; }

# built TOOL VERSION: is TOOL already built at VERSION?
built() { [[ -f "$cache/$1-$2/.done" ]]; }

# build_go TOOL VERSION PACKAGE@VERSION [LDFLAGS]: go install into <cache>/TOOL-VERSION.
build_go() {
  local tool=$1 version=$2 pkg=$3 ldflags=${4:-} dir="$cache/$1-$2"
  built "$tool" "$version" && return 0
  rm -rf "$dir" && mkdir -p "$dir"
  GOBIN="$dir" go install -ldflags "-s -w $ldflags" "$pkg"
  touch "$dir/.done"
}

# The API server, controller-manager and scheduler: k8s.io/kubernetes replaces its staging modules with local
# paths, so `go install ...@version` is refused. A wrapper module requires it and points each staging module at
# its published v0.x release instead.
build_kube() {
  local version=$KUBERNETES_VERSION dir="$cache/kubernetes-$KUBERNETES_VERSION"
  built kubernetes "$version" && return 0
  local minor=${version#v1.} work
  minor=${minor%%.*}
  local staging="v0.${version#v1.}"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  mkdir -p "$dir"
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  {
    echo "module dataspoke.dev/real-cluster"
    echo "go $(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod")"
    echo "require k8s.io/kubernetes $version"
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#replace \1 => \1 '"$staging"'#p' "$gomod"
  } >"$work/go.mod"
  local override
  for override in ${KUBERNETES_STAGING_OVERRIDES:-}; do
    sed -i "s#^replace ${override%%=*} => .*#replace ${override%%=*} => ${override%%=*} ${override#*=}#" "$work/go.mod"
  done
  printf '//go:build tools\npackage tools\nimport (\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver"\n\t_ "k8s.io/kubernetes/cmd/kube-controller-manager"\n\t_ "k8s.io/kubernetes/cmd/kube-scheduler"\n)\n' >"$work/tools.go"
  local v=k8s.io/component-base/version c=k8s.io/client-go/pkg/version flags=""
  for p in $v $c; do
    flags+=" -X $p.gitVersion=$version -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
    flags+=" -X $p.buildDate=1970-01-01T00:00:00Z -X $p.gitCommit=0000000000000000000000000000000000000000"
  done
  (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go mod tidy -e >/dev/null 2>&1 || true
   cd "$work" && for cmd in kube-apiserver kube-controller-manager kube-scheduler; do
     [[ -x "$dir/$cmd" ]] && continue
     GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags "-s -w $flags" -o "$dir/$cmd" "k8s.io/kubernetes/cmd/$cmd"
   done)
  touch "$dir/.done"
}

install_etcd() {
  command -v etcd >/dev/null 2>&1 && return 0
  need apt-get "install etcd 3.4+ (Debian: apt-get install $ETCD_PACKAGE)"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get install -y -q "$ETCD_PACKAGE" >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "$ETCD_PACKAGE" >/dev/null; }
}

# run TOOL FUNCTION ARGS...: one build in the background, its output in the log.
pids=() names=()
run() {
  local name=$1; shift
  ("$@") >"$cache/logs/$name.log" 2>&1 &
  pids+=($!) names+=("$name")
}

run etcd install_etcd
run kubernetes build_kube
run helm build_go helm "$HELM_VERSION" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" \
  "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
run kwok build_go kwok "$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" \
  "-X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION"
run registry build_go registry "$REGISTRY_VERSION" "github.com/google/go-containerregistry/cmd/registry@$REGISTRY_VERSION"

failed=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    failed=1
    echo "install-tools: building ${names[$i]} failed; the end of $cache/logs/${names[$i]}.log:" >&2
    tail -n 20 "$cache/logs/${names[$i]}.log" >&2
  fi
done
[[ $failed -eq 0 ]] || exit 1

for t in kube-apiserver kube-controller-manager kube-scheduler; do link "$t" "$cache/kubernetes-$KUBERNETES_VERSION"; done
link helm "$cache/helm-$HELM_VERSION"
link kwok "$cache/kwok-$KWOK_VERSION"
link registry "$cache/registry-$REGISTRY_VERSION"
ln -sfn "$(command -v etcd)" "$cache/bin/etcd"
echo "$cache/bin"
