#!/usr/bin/env python3
"""A generated CIB (../shared/conformance/pacemaker/scale/gen_cib.py) with a fifth of its
resources in groups and clones, for the scheduler benchmark.

usage: gen_mixed_cib.py N M VARIANT > cib.xml    (as gen_cib.py)

Of every ten primitives rsc(10k+3) and rsc(10k+4) become group grp(10k+3), and rsc(10k+7) and
rsc(10k+8) each an anonymous clone (clone-max 2): none of them is named by a constraint of the
generator, so its constraints stay valid. The status is gen_cib.py's: a clone instance runs
where its primitive ran; a group whose members ran on different nodes is brought together."""
import os
import re
import subprocess
import sys

gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared', 'conformance',
                   'pacemaker', 'scale', 'gen_cib.py')
gen = os.environ.get('GEN_CIB', gen)
xml = subprocess.run([sys.executable, gen] + sys.argv[1:4], check=True, capture_output=True, text=True).stdout
primitive = re.compile(r'^(\s*)(<primitive id="rsc(\d+)".*</primitive>)$')
out = []
lines = xml.split('\n')
i = 0
while i < len(lines):
    m = primitive.match(lines[i])
    if not m:
        out.append(lines[i])
        i += 1
        continue
    indent, element, n = m.group(1), m.group(2), int(m.group(3))
    if n % 10 == 3 and i + 1 < len(lines) and primitive.match(lines[i + 1]):
        out.append(f'{indent}<group id="grp{n}">{element}{primitive.match(lines[i + 1]).group(2)}</group>')
        i += 2
        continue
    if n % 10 in (7, 8):
        out.append(f'{indent}<clone id="rsc{n}-clone"><meta_attributes id="rsc{n}-clone-meta">'
                   f'<nvpair id="rsc{n}-clone-max" name="clone-max" value="2"/></meta_attributes>{element}</clone>')
    else:
        out.append(lines[i])
    i += 1
sys.stdout.write('\n'.join(out))
