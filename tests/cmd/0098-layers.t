#!/bin/sh
# make check-layers (tests/layers.sh): lib/ as built stands on its floors,
# and the check fails, naming it, on each thing it is there to catch: a
# module using one on a floor above, a module missing from the table, two
# modules using each other, a header including one from above.
. "$(dirname "$0")/lib.sh"

L=$SANFEN_BUILD/tests/layers.sh
cd "$SANFEN_BUILD" || exit 1

run sh "$L" lib/*.o
status 0 "lib/ as built has no upward edge and no cycle"
err_is "" "and says nothing"

# nm as built, and made-up lines after it
cat >"$T/nm" <<EOF
#!/bin/sh
nm "\$@"
cat "$T/extra"
EOF
chmod +x "$T/nm"

echo "lib/buf.o: sf_cache_enabled U" >"$T/extra"
NM=$T/nm run sh "$L" lib/*.o
status 1 "an upward edge fails the check"
err_is "lib/buf.o (util) uses sf_cache_enabled from lib/cache.o (store)" \
    "naming the module, the symbol and both floors"

printf '%s\n' "lib/newmod.o: sf_newmod_init T 0 10" \
    "lib/newmod.o: sf_buf_init U" >"$T/extra"
NM=$T/nm run sh "$L" lib/*.o
status 1 "a module missing from the table fails the check"
err_is "lib/newmod.o: not in the table of floors (tests/layers.sh)" \
    "naming it"

printf '%s\n' "lib/issue.o: sf_meeting_new U" \
    "lib/meeting.o: sf_issue_new U" >"$T/extra"
NM=$T/nm run sh "$L" lib/*.o
status 1 "two modules of one floor using each other fail the check"
err_is "cycle: lib/issue.o -> lib/meeting.o -> lib/issue.o" \
    "naming the cycle"

# a source beside its object is held to the rule too
mkdir -p "$T/lib"
printf '#include "arena.h"\n#include "units.h"\n' >"$T/lib/reader.h"
printf '%s\n' "$T/lib/reader.o: sf_rd_null T 0 10" \
    "$T/lib/units.o: sf_units_find T 0 10" >"$T/extra"
printf '#!/bin/sh\ncat "%s"\n' "$T/extra" >"$T/nm"
NM=$T/nm run sh "$L" "$T/lib/reader.o" "$T/lib/units.o"
status 1 "a header including one from a floor above fails the check"
err_is "$T/lib/reader.h (yaml) includes units.h (model)" "naming both"

run make -n --no-print-directory check
has "$T/out" "sh tests/layers.sh lib/admin.o" "make check runs it"

done_testing
