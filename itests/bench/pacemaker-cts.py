#!/usr/bin/env python3
"""Scores the engine against Pacemaker's whole scheduler regression set, not only the cases in
../shared: placement, transition summary and Pacemaker's orderings (L3), two cases at a time.

  itests/bench/pacemaker-cts.py PACEMAKER_SOURCE/cts/scheduler OUT.json [BASE.json]

PACEMAKER_SOURCE is a checkout of https://github.com/ClusterLabs/pacemaker (its cts/scheduler
holds xml/, summary/ and dot/ per case). OUT.json records each case's verdict (ok, placement,
transitions, order, error); with BASE.json, the cases gained and lost against it are listed.
The comparison uses ../shared/conformance/pacemaker's pcmk_summary and pcmk_order."""
import glob, json, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, '..', 'shared', 'conformance', 'pacemaker'))
from pcmk_summary import canonical  # noqa: E402
from pcmk_order import precedence  # noqa: E402

JAR = os.path.join(ROOT, 'framework', 'simulator', 'target', 'vigil-simulate.jar')


def respects(expected, got):
    """Every expected pair holds in the candidate's ordering, directly or transitively."""
    succ = {}
    for p in got:
        a, b = p.split(' < ')
        succ.setdefault(a, set()).add(b)

    def reach(a, b):
        seen, todo = set(), [a]
        while todo:
            for y in succ.get(todo.pop(), ()):
                if y == b:
                    return True
                if y not in seen:
                    seen.add(y)
                    todo.append(y)
        return False
    return all(reach(*p.split(' < ')) for p in expected)


def verdict(cases_dir, tmp, case):
    try:
        expected = canonical(open(f'{cases_dir}/summary/{case}.summary').read())
        dot = f'{tmp}/{case}.dot'
        p = subprocess.run(['java', '-XX:TieredStopAtLevel=1', '-jar', JAR, '-x', f'{cases_dir}/xml/{case}.xml',
                            '-S', '-D', dot], capture_output=True, text=True, timeout=120)
        if 'Revised Cluster Status' not in p.stdout:
            return 'error', (p.stderr or p.stdout)[-300:]
        got = canonical(p.stdout)
        if got['placement'] != expected['placement']:
            return 'placement', ''
        if got['transitions'] != expected['transitions']:
            return 'transitions', ''
        expected_dot = f'{cases_dir}/dot/{case}.dot'
        if os.path.exists(expected_dot) and os.path.exists(dot) and not respects(
                precedence(open(expected_dot).read()), precedence(open(dot).read())):
            return 'order', ''
        return 'ok', ''
    except Exception as e:  # a crash or a timeout is the case's verdict, not the run's
        return 'error', str(e)[-300:]


def main():
    cases_dir, out = sys.argv[1], sys.argv[2]
    cases = sorted(os.path.basename(f)[:-4] for f in glob.glob(cases_dir + '/xml/*.xml')
                   if os.path.exists(f'{cases_dir}/summary/{os.path.basename(f)[:-4]}.summary'))
    tmp = tempfile.mkdtemp()
    with ThreadPoolExecutor(2) as pool:
        results = dict(zip(cases, pool.map(lambda c: verdict(cases_dir, tmp, c), cases)))
    json.dump({c: list(v) for c, v in results.items()}, open(out, 'w'), indent=0)
    counts = {k: sum(1 for v in results.values() if v[0] == k)
              for k in ('ok', 'placement', 'transitions', 'order', 'error')}
    print(f"L3 {counts['ok']}/{len(cases)}", counts)
    if len(sys.argv) > 3:
        base = json.load(open(sys.argv[3]))
        gained = sorted(c for c in results if results[c][0] == 'ok' and base.get(c, ['?'])[0] != 'ok')
        lost = sorted(c for c in results if results[c][0] != 'ok' and base.get(c, ['?'])[0] == 'ok')
        print('gained', len(gained), ' '.join(gained))
        print('lost', len(lost), ' '.join(f'{c}({results[c][0]})' for c in lost))


if __name__ == '__main__':
    main()
