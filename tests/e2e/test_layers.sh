#!/usr/bin/env bash
# The layers link only downward (docs/architecture.md): a file in one layer may include
# headers of its own layer and the layers below it, never above. The linker catches most
# calls upward; this catches the #include, which the compiler alone would let through.
set -euo pipefail
cd "${VFI_SOURCE:-$(dirname "$0")/../..}"
layers=(base yaml format store model ops report render)
rank() {
    local i
    for i in "${!layers[@]}"; do [[ ${layers[$i]} == "$1" ]] && { echo "$i"; return; }; done
    echo 99
}
bad=0
for layer in "${layers[@]}"; do
    mine=$(rank "$layer")
    for f in src/"$layer"/*.cpp src/"$layer"/*.hpp include/vfi/"$layer"/*.hpp; do
        [[ -e $f ]] || continue
        while IFS=: read -r line used; do
            if (($(rank "$used") > mine)); then
                echo "$f:$line: includes vfi/$used/, a layer above $layer"
                bad=1
            fi
        done < <(grep -n -o '#include "vfi/[a-z]*/' "$f" | sed 's|:#include "vfi/|:|; s|/$||')
    done
done
# Nothing outside the layers: every header and source sits in one of them (or cli/).
for f in include/vfi/* src/*; do
    name=${f##*/}
    [[ -d $f ]] || { echo "$f: outside every layer folder"; bad=1; continue; }
    [[ $name == cli ]] && [[ $f == src/* ]] && continue
    (($(rank "$name") < 99)) || { echo "$f: not a layer (${layers[*]})"; bad=1; }
done
# CLI11 is the command line's alone.
if grep -rln 'CLI/CLI.hpp' src include | grep -v '^src/cli/'; then
    echo "CLI11 included below the command line"
    bad=1
fi
((bad == 0)) && echo "layers: every include points down"
exit "$bad"
