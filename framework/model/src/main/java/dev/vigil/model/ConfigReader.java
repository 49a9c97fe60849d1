package dev.vigil.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the configuration language, a subset of crmsh's {@code configure} syntax:
 *
 * <pre>
 * property no-quorum-policy=stop
 * rsc_defaults resource-stickiness=100 migration-threshold=3
 * property placement-strategy=balanced
 * node n1 attributes standby=off utilization cpu=8 memory=16384
 * primitive web webserver params port=8080 op monitor interval=1s timeout=5s meta target-role=Started utilization cpu=2
 * location web-prefers-n1 web 50: n1
 * fencing_topology n1: f-ipmi f-pdu1,f-pdu2 pattern:db-.* f-ipmi attr:rack=1 f-pdu1
 * rsc_ticket web-needs-site-a site-a: web loss-policy=stop
 * ticket site-a granted=true
 * location on-rack-1 web rule 100: rack eq 1 and "#uname" string:ne n3
 * colocation stack inf: fs db vip
 * order boot Mandatory: fs ( db web ) vip require-all=true symmetrical=false
 * primitive db ocf:heartbeat:pgsql op monitor interval=30s enabled=false op_params OCF_CHECK_LEVEL=10
 * </pre>
 *
 * Rules: {@link LocationRules}; resource sets: {@link SetSyntax}. An operation without a timeout
 * takes {@code op_defaults}' (else 20 s), as in Pacemaker.
 *
 * A trailing backslash continues a line; {@code #} starts a comment; values may be quoted.
 * Anything it does not understand is refused with the line and the reason; it never guesses.
 */
public final class ConfigReader {
    private static final Duration DEFAULT_OP_TIMEOUT = Duration.ofSeconds(20);

    private final String source;

    public ConfigReader(String source) {
        this.source = source;
    }

    public ClusterConfig read(String text) {
        ClusterConfig.Builder b = ClusterConfig.builder();
        List<Statement> statements = statements(text);
        for (Statement s : statements) {
            try {
                apply(b, s.tokens);
            } catch (ConfigException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, s.line, e.getMessage());
            }
        }
        ClusterConfig config = b.build();
        for (LocationConstraint l : config.locations()) {
            checkDefined(config, statements, l.id(), l.resource());
        }
        for (Colocation c : config.colocations()) {
            checkDefined(config, statements, c.id(), c.resource());
            checkDefined(config, statements, c.id(), c.withResource());
        }
        for (Order o : config.orders()) {
            checkDefined(config, statements, o.id(), o.first());
            checkDefined(config, statements, o.id(), o.then());
        }
        for (TicketConstraint t : config.ticketConstraints()) {
            if (config.resource(t.resource()).isEmpty() && config.group(t.resource()).isEmpty()
                    && config.clone(t.resource()).isEmpty()) {
                int line = statements.stream().filter(s -> s.tokens.get(0).equals("rsc_ticket") && s.tokens.stream()
                        .anyMatch(w -> w.equals(t.resource()) || w.startsWith(t.resource() + ":")))
                        .mapToInt(s -> s.line).findFirst().orElse(0);
                throw new ConfigException(source, line, "'" + t.id() + "' refers to undefined resource '"
                        + t.resource() + "'");
            }
        }
        for (FencingLevel l : config.fencingLevels()) {
            for (String device : l.devices()) {
                if (config.resource(device).isEmpty()) {
                    int line = statements.stream().filter(s -> s.tokens.get(0).equals("fencing_topology"))
                            .mapToInt(s -> s.line).findFirst().orElse(0);
                    throw new ConfigException(source, line, "fencing_topology level " + l.index() + " for "
                            + l.describeTarget() + " refers to undefined fence device '" + device + "'");
                }
            }
        }
        for (Group g : config.groups()) {
            for (String m : g.members()) {
                checkDefined(config, statements, g.id(), m);
                if (config.groups().stream().filter(x -> x.members().contains(m)).count() > 1) {
                    throw new ConfigException(source, lineOf(statements, g.id()),
                            "resource '" + m + "' is in more than one group");
                }
            }
        }
        for (Clone c : config.clones()) {
            if (config.resource(c.child()).isEmpty() && config.group(c.child()).isEmpty()) {
                throw new ConfigException(source, lineOf(statements, c.id()), "clone '" + c.id()
                        + "' must clone a primitive or a group; '" + c.child() + "' is neither");
            }
            if (config.groupOf(c.child()).isPresent()
                    || config.clones().stream().filter(x -> x.child().equals(c.child())).count() > 1) {
                throw new ConfigException(source, lineOf(statements, c.id()), "resource '" + c.child()
                        + "' is cloned by '" + c.id() + "' and also in a group or another clone");
            }
        }
        return config;
    }

    private void checkDefined(ClusterConfig c, List<Statement> statements, String id, String resource) {
        if (c.resource(resource).isEmpty() && c.group(resource).isEmpty() && c.clone(resource).isEmpty()) {
            throw new ConfigException(source, lineOf(statements, id),
                    "'" + id + "' refers to undefined resource '" + resource + "'");
        }
    }

    private static int lineOf(List<Statement> statements, String id) {
        return statements.stream().filter(s -> s.tokens.size() > 1 && s.tokens.get(1).equals(id))
                .mapToInt(s -> s.line).findFirst().orElse(0);
    }

    private void apply(ClusterConfig.Builder b, List<String> t) {
        String keyword = t.get(0);
        switch (keyword) {
            case "version":
                expectSize(t, 2, "version N");
                b.version(parseLong(t.get(1), "version"));
                break;
            case "property":
                pairs(t, 1, t.size()).forEach(b::property);
                break;
            case "rsc_defaults":
                pairs(t, 1, t.size()).forEach(b::resourceDefault);
                break;
            case "node":
                node(b, t);
                break;
            case "primitive":
                b.resource(primitive(b, t));
                break;
            case "op_defaults":
                pairs(t, 1, t.size()).forEach(b::operationDefault);
                break;
            case "location":
                b.location(location(t));
                break;
            case "group":
                b.group(group(t));
                break;
            case "clone":
                b.clone(cloneOf(t));
                break;
            case "colocation":
                colocations(t).forEach(b::colocation);
                break;
            case "order":
                orders(t).forEach(b::order);
                break;
            case "fencing_topology":
                fencingTopology(t).forEach(b::fencingLevel);
                break;
            case "rsc_ticket":
                checkId(t.size() > 1 ? t.get(1) : "");
                TicketStatements.constraints(t).forEach(b::ticket);
                break;
            case "ticket":
                b.ticketState(TicketStatements.state(t, pairs(t, 2, t.size())));
                break;
            case "bundle":
                throw new IllegalArgumentException(ConfigWriter.RUNTIME_HAS_NO_CONTAINERS);
            default:
                throw new IllegalArgumentException("unknown statement '" + keyword + "' (expected property, "
                        + "rsc_defaults, op_defaults, node, primitive, group, clone, location, colocation, order, "
                        + "rsc_ticket, ticket or fencing_topology)");
        }
    }

    private static void node(ClusterConfig.Builder b, List<String> t) {
        if (t.size() < 2) {
            throw new IllegalArgumentException("node needs a name: node NAME [attributes k=v ...] [utilization k=v ...]");
        }
        String name = t.get(1);
        b.node(name);
        int i = 2;
        while (i < t.size()) {
            String section = t.get(i);
            int end = i + 1;
            while (end < t.size() && !t.get(end).equals("attributes") && !t.get(end).equals("utilization")) {
                end++;
            }
            if (section.equals("attributes")) {
                pairs(t, i + 1, end).forEach((k, v) -> b.nodeAttribute(name, k, v));
            } else if (section.equals("utilization")) {
                utilization(t, i + 1, end, "node " + name).forEach((k, v) -> b.nodeUtilization(name, k, v));
            } else {
                throw new IllegalArgumentException("expected 'attributes' or 'utilization' after node name, found '"
                        + section + "'");
            }
            i = end;
        }
    }

    /** Utilization amounts are integers, as Pacemaker reads them. */
    private static Map<String, Integer> utilization(List<String> t, int from, int to, String owner) {
        Map<String, Integer> out = new LinkedHashMap<>();
        pairs(t, from, to).forEach((k, v) -> out.put(k, utilizationValue(v, k, owner)));
        return out;
    }

    /** An integer utilization amount, or a clear refusal naming the attribute and its owner. */
    public static int utilizationValue(String value, String name, String owner) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("utilization " + name + "=" + value + " of " + owner
                    + " is not an integer");
        }
    }

    private static Resource primitive(ClusterConfig.Builder b, List<String> t) {
        if (t.size() < 3) {
            throw new IllegalArgumentException("primitive needs an id and an agent: primitive ID AGENT ...");
        }
        String id = t.get(1);
        checkId(id);
        String[] agent = t.get(2).split(":");
        String cls = null, provider = null, type;
        if (agent.length == 1) {
            type = agent[0];
        } else if (agent.length == 2) {
            cls = agent[0];
            type = agent[1];
        } else if (agent.length == 3) {
            cls = agent[0];
            provider = agent[1];
            type = agent[2];
        } else {
            throw new IllegalArgumentException("bad agent '" + t.get(2) + "' (expected TYPE or CLASS:PROVIDER:TYPE)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        List<Operation> ops = new ArrayList<>();
        int i = 3;
        while (i < t.size()) {
            String section = t.get(i);
            int end = i + 1;
            while (end < t.size() && !isSectionKeyword(t.get(end))) {
                end++;
            }
            switch (section) {
                case "params":
                    params.putAll(pairs(t, i + 1, end));
                    break;
                case "meta":
                    meta.putAll(pairs(t, i + 1, end));
                    break;
                case "op":
                    ops.add(operation(t, i + 1, end));
                    break;
                case "utilization":
                    utilization(t, i + 1, end, "primitive " + id).forEach((k, v) -> b.resourceUtilization(id, k, v));
                    break;
                default:
                    throw new IllegalArgumentException("expected params, meta, op or utilization in primitive '" + id
                            + "', found '" + section + "'");
            }
            i = end;
        }
        return Resource.of(id, cls, provider, type, params, meta, ops);
    }

    private static boolean isSectionKeyword(String s) {
        return s.equals("params") || s.equals("meta") || s.equals("op") || s.equals("utilization");
    }

    private static Operation operation(List<String> t, int from, int to) {
        if (from >= to) {
            throw new IllegalArgumentException("op needs a name: op monitor interval=10s");
        }
        String name = t.get(from);
        int opParams = t.subList(from, to).indexOf("op_params");
        int attrsEnd = opParams < 0 ? to : from + opParams;
        Map<String, String> attrs = pairs(t, from + 1, attrsEnd);
        Map<String, String> params = opParams < 0 ? Map.of() : pairs(t, attrsEnd + 1, to);
        Duration interval = Duration.ZERO;
        Duration timeout = DEFAULT_OP_TIMEOUT;
        boolean timeoutGiven = false, enabled = true;
        String onFail = null;
        String role = null;
        for (Map.Entry<String, String> e : attrs.entrySet()) {
            switch (e.getKey()) {
                case "interval":
                    interval = Durations.parse(e.getValue());
                    break;
                case "timeout":
                    timeout = Durations.parse(e.getValue());
                    timeoutGiven = true;
                    break;
                case "enabled":
                    enabled = ClusterConfig.isTrue(e.getValue());
                    break;
                case "on-fail":
                    onFail = e.getValue();
                    if (!Set.of("ignore", "block", "stop", "restart", "standby", "fence", "demote").contains(onFail)) {
                        throw new IllegalArgumentException("on-fail '" + onFail
                                + "' (use ignore, block, stop, restart, standby, fence or demote)");
                    }
                    break;
                case "role": // Stopped: a monitor where the resource must not run
                    role = e.getValue().equalsIgnoreCase("stopped") ? "Stopped" : canonicalRole(e.getValue());
                    break;
                default:
                    throw new IllegalArgumentException("unsupported op attribute '" + e.getKey()
                            + "' (supported: interval, timeout, on-fail, role, enabled; op_params NAME=VALUE...)");
            }
        }
        if (timeout.isZero()) {
            throw new IllegalArgumentException("op " + name + " timeout must be positive");
        }
        // without a timeout, op_defaults' applies, else the built-in one (as in Pacemaker)
        Operation op = Operation.of(name, interval, timeout, onFail, role, enabled).withParams(params);
        return timeoutGiven ? op : op.withDefaultTimeout();
    }

    /** Promoted, Unpromoted or Started (Master and Slave are the old names). */
    static String canonicalRole(String role) {
        Role r;
        try {
            r = Role.parse(role);
        } catch (IllegalArgumentException e) {
            r = null;
        }
        if (r == null || r == Role.STOPPED) {
            throw new IllegalArgumentException("role '" + role + "' (use Promoted, Unpromoted or Started)");
        }
        return r.toString();
    }

    private static Clone cloneOf(List<String> t) {
        // clone ID PRIMITIVE-OR-GROUP [meta k=v ...]
        if (t.size() < 3 || (t.size() > 3 && !t.get(3).equals("meta"))) {
            throw new IllegalArgumentException("expected 'clone ID PRIMITIVE-OR-GROUP [meta k=v ...]'");
        }
        checkId(t.get(1));
        return Clone.of(t.get(1), t.get(2), t.size() > 3 ? pairs(t, 4, t.size()) : Map.of());
    }

    private static Group group(List<String> t) {
        // group ID RSC... [meta k=v ...]
        if (t.size() < 3) {
            throw new IllegalArgumentException("expected 'group ID RESOURCE...'");
        }
        checkId(t.get(1));
        int meta = t.indexOf("meta");
        List<String> members = t.subList(2, meta < 0 ? t.size() : meta);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("group '" + t.get(1) + "' has no members");
        }
        Map<String, String> m = meta < 0 ? Map.of() : pairs(t, meta + 1, t.size());
        return Group.of(t.get(1), members, m);
    }

    /** Two resources, or resource sets ({@link SetSyntax}) unfolded into the pairs they mean. */
    private static List<Colocation> colocations(List<String> t) {
        if (t.size() > 3 && t.get(2).endsWith(":") && SetSyntax.isSets(t.subList(3, t.size()))) {
            checkId(t.get(1));
            return ResourceSets.colocations(t.get(1), SetSyntax.sets(t.subList(3, t.size()), false),
                    Score.parse(t.get(2).substring(0, t.get(2).length() - 1)));
        }
        return List.of(colocation(t));
    }

    private static List<Order> orders(List<String> t) {
        List<String> rest = new ArrayList<>(t);
        boolean symmetrical = true, requireAll = true;
        while (rest.size() > 3 && rest.get(rest.size() - 1).contains("=")) {
            String option = rest.remove(rest.size() - 1);
            if (option.startsWith("symmetrical=")) {
                symmetrical = ClusterConfig.isTrue(option.substring("symmetrical=".length()));
            } else if (option.startsWith("require-all=")) {
                requireAll = ClusterConfig.isTrue(option.substring("require-all=".length()));
            } else {
                throw new IllegalArgumentException("unknown order option '" + option
                        + "' (symmetrical=BOOL, require-all=BOOL)");
            }
        }
        if (rest.size() > 3 && rest.get(2).endsWith(":") && SetSyntax.isSets(rest.subList(3, rest.size()))) {
            checkId(rest.get(1));
            Order.Kind kind = orderKind(rest.get(2).substring(0, rest.get(2).length() - 1));
            return ResourceSets.orders(rest.get(1), SetSyntax.sets(rest.subList(3, rest.size()), true), kind,
                    symmetrical);
        }
        if (!symmetrical) {
            rest.add("symmetrical=false");
        }
        return List.of(order(rest).withRequireAll(requireAll));
    }

    private static Order.Kind orderKind(String k) {
        if (k.matches("[-+]?(\\d+|inf|INFINITY|infinity)")) {
            return Score.parse(k).value() == 0 ? Order.Kind.OPTIONAL : Order.Kind.MANDATORY;
        }
        return Order.Kind.parse(k);
    }

    private static Colocation colocation(List<String> t) {
        // colocation ID SCORE: RSC[:ROLE] WITH[:ROLE]
        if (t.size() != 5 || !t.get(2).endsWith(":")) {
            throw new IllegalArgumentException("expected 'colocation ID SCORE: RESOURCE[:ROLE] WITH-RESOURCE[:ROLE]'");
        }
        checkId(t.get(1));
        String[] rsc = t.get(3).split(":", 2), with = t.get(4).split(":", 2);
        return Colocation.of(t.get(1), rsc[0], with[0], Score.parse(t.get(2).substring(0, t.get(2).length() - 1)),
                rsc.length > 1 ? rsc[1] : null, with.length > 1 ? with[1] : null);
    }

    private static Order order(List<String> t) {
        // order ID KIND-OR-SCORE: FIRST[:ACTION] THEN[:ACTION] [symmetrical=BOOL]
        List<String> rest = new ArrayList<>(t);
        boolean symmetrical = true;
        if (rest.get(rest.size() - 1).startsWith("symmetrical=")) {
            symmetrical = ClusterConfig.isTrue(rest.remove(rest.size() - 1).substring("symmetrical=".length()));
        }
        if (rest.size() != 5 || !rest.get(2).endsWith(":")) {
            throw new IllegalArgumentException(
                    "expected 'order ID KIND: FIRST[:ACTION] THEN[:ACTION] [symmetrical=false]'");
        }
        checkId(rest.get(1));
        String k = rest.get(2).substring(0, rest.get(2).length() - 1);
        Order.Kind kind;
        if (k.matches("[-+]?(\\d+|inf|INFINITY|infinity)")) {
            kind = Score.parse(k).value() == 0 ? Order.Kind.OPTIONAL : Order.Kind.MANDATORY;
        } else {
            kind = Order.Kind.parse(k);
        }
        String[] first = rest.get(3).split(":", 2), then = rest.get(4).split(":", 2);
        return Order.of(rest.get(1), first[0], first.length > 1 ? first[1] : "start", then[0],
                then.length > 1 ? then[1] : "start", kind, symmetrical);
    }

    private static LocationConstraint location(List<String> t) {
        if (t.size() > 3 && t.get(3).equals("rule")) {
            // location ID RSC[:ROLE] rule ... (LocationRules)
            checkId(t.get(1));
            String[] rsc = t.get(2).split(":", 2);
            return LocationConstraint.ofRules(t.get(1), rsc[0], rsc.length > 1 ? canonicalRole(rsc[1]) : null,
                    LocationRules.read(t.get(1), t, 3));
        }
        // location ID RSC[:ROLE] SCORE: NODE
        if (t.size() != 5 || !t.get(3).endsWith(":")) {
            throw new IllegalArgumentException("expected 'location ID RESOURCE[:ROLE] SCORE: NODE'");
        }
        checkId(t.get(1));
        String score = t.get(3).substring(0, t.get(3).length() - 1);
        String[] rsc = t.get(2).split(":", 2);
        return LocationConstraint.of(t.get(1), rsc[0], t.get(4), Score.parse(score),
                rsc.length > 1 ? canonicalRole(rsc[1]) : null);
    }

    /**
     * crmsh's {@code fencing_topology TARGET LEVEL... [TARGET LEVEL...]}: a target is {@code NODE:},
     * {@code pattern:REGEX} or {@code attr:NAME=VALUE}; each following word is the next level
     * (index 1, 2 ...), its devices separated by commas. Without any target, the levels apply to
     * every node (crmsh writes them for each node; a pattern matching all nodes is equivalent).
     */
    private static List<FencingLevel> fencingTopology(List<String> t) {
        if (t.size() < 2) {
            throw new IllegalArgumentException("expected 'fencing_topology NODE: DEVICE[,DEVICE...] ...'");
        }
        List<FencingLevel> out = new ArrayList<>();
        String kind = null, target = null, value = null;
        int index = 0;
        boolean targeted = isTopologyTarget(t.get(1));
        if (!targeted) {
            kind = "pattern";
            target = ".*";
        }
        for (String word : t.subList(1, t.size())) {
            if (isTopologyTarget(word)) {
                if (!targeted) {
                    throw new IllegalArgumentException("fencing_topology mixes levels for every node with target '"
                            + word + "'; give every level a target");
                }
                if (target != null && index == 0) {
                    throw new IllegalArgumentException("fencing_topology target '" + target + "' has no devices");
                }
                index = 0;
                if (word.startsWith("pattern:")) {
                    kind = "pattern";
                    target = word.substring("pattern:".length());
                } else if (word.startsWith("attr:")) {
                    String pair = word.substring("attr:".length());
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("fencing_topology target '" + word
                                + "' must be attr:NAME=VALUE");
                    }
                    kind = "attr";
                    target = pair.substring(0, eq);
                    value = pair.substring(eq + 1);
                } else {
                    kind = "node";
                    target = word.substring(0, word.length() - 1);
                }
                if (target.isEmpty()) {
                    throw new IllegalArgumentException("fencing_topology target '" + word + "' names nothing");
                }
                continue;
            }
            index++;
            List<String> devices = List.of(word.split(","));
            for (String d : devices) {
                checkId(d);
            }
            switch (kind) {
                case "pattern":
                    out.add(FencingLevel.forPattern(target, index, devices));
                    break;
                case "attr":
                    out.add(FencingLevel.forAttribute(target, value, index, devices));
                    break;
                default:
                    out.add(FencingLevel.forNode(target, index, devices));
            }
        }
        if (index == 0) {
            throw new IllegalArgumentException("fencing_topology target '" + target + "' has no devices");
        }
        return out;
    }

    private static boolean isTopologyTarget(String word) {
        return word.endsWith(":") || word.startsWith("pattern:") || word.startsWith("attr:");
    }

    private static void checkId(String id) {
        if (!id.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
            throw new IllegalArgumentException("bad id '" + id + "' (letters, digits, '_', '-', '.'; not starting with a digit)");
        }
    }

    private static Map<String, String> pairs(List<String> t, int from, int to) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            String s = t.get(i);
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, found '" + s + "'");
            }
            out.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return out;
    }

    private static void expectSize(List<String> t, int n, String form) {
        if (t.size() != n) {
            throw new IllegalArgumentException("expected '" + form + "'");
        }
    }

    private static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, found '" + s + "'");
        }
    }

    private static final class Statement {
        final int line;
        final List<String> tokens;

        Statement(int line, List<String> tokens) {
            this.line = line;
            this.tokens = tokens;
        }
    }

    /** Splits text into statements: joins continued lines, drops comments, tokenizes with quotes. */
    private List<Statement> statements(String text) {
        List<Statement> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        StringBuilder pending = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i], i + 1);
            if (pending.length() == 0) {
                startLine = i + 1;
            }
            boolean continued = line.endsWith("\\");
            pending.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                List<String> tokens = tokenize(pending.toString(), startLine);
                if (!tokens.isEmpty()) {
                    out.add(new Statement(startLine, tokens));
                }
                pending.setLength(0);
            }
        }
        if (pending.toString().isBlank() == false) {
            throw new ConfigException(source, startLine, "file ends inside a continued line");
        }
        return out;
    }

    private String stripComment(String line, int lineNo) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i).stripTrailing();
            }
        }
        return line.stripTrailing();
    }

    private List<String> tokenize(String s, int lineNo) {
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, inToken = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inToken = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inToken) {
                    tokens.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (quoted) {
            throw new ConfigException(source, lineNo, "unterminated quote");
        }
        if (inToken) {
            tokens.add(cur.toString());
        }
        return tokens;
    }
}
