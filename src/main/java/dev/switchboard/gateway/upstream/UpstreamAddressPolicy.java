package dev.switchboard.gateway.upstream;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which upstream addresses the gateway may call (no I/O: the caller resolves). Judged twice: from the URL
 * alone when a toolkit is saved, and against every address the host resolves to on every connect, so a
 * name that later resolves elsewhere (DNS rebinding) is caught where it matters. In order: an entry of
 * {@code denied} refuses; addresses that are never an MCP server refuse (unspecified, multicast, cloud
 * metadata, Switchboard's own port); with {@code allowed} set, only what an entry names passes; link-local
 * and loopback addresses pass only when an allowed entry names them (or, for loopback, {@code allowLoopback}).
 * Entries are {@code host}, {@code *.domain}, an IP or a CIDR ({@code [v6]} or {@code [v6/len]} with a
 * port), each with an optional {@code :port}. Numeric hosts must be written canonically: {@code 0177.0.0.1},
 * {@code 2130706433} or {@code 127.1} are refused, since resolvers disagree on what they mean.
 */
public final class UpstreamAddressPolicy {

    // First: the ranges below are parsed with them.
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal", "metadata.goog",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal", "metadata.tencentyun.com");
    private static final List<Range> METADATA_ADDRESSES = List.of(Range.parse("169.254.169.254/32"),
            Range.parse("fd00:ec2::254/128"), Range.parse("100.100.100.200/32"), Range.parse("192.0.0.192/32"));
    private static final List<Range> LINK_LOCAL = List.of(Range.parse("169.254.0.0/16"), Range.parse("fe80::/10"));
    private static final Range THIS_NETWORK = Range.parse("0.0.0.0/8");
    private static final Range NAT64 = Range.parse("64:ff9b::/96");

    private final List<Entry> allowed;
    private final List<Entry> denied;
    private final boolean allowLoopback;
    private final Set<Integer> ownPorts;
    private final Set<String> ownAuthorities;
    private final Set<InetAddress> localAddresses;

    /**
     * @param ownPorts       the ports Switchboard listens on: refused on loopback and on this machine's addresses
     * @param ownAuthorities {@code host:port} of Switchboard's public URL, refused by name
     * @param localAddresses the addresses of this machine's interfaces
     * @throws IllegalArgumentException naming an entry that is not a host, pattern, IP or CIDR
     */
    public UpstreamAddressPolicy(List<String> allowed, List<String> denied, boolean allowLoopback, Set<Integer> ownPorts,
            Set<String> ownAuthorities, Set<InetAddress> localAddresses) {
        this.allowed = allowed.stream().map(Entry::parse).toList();
        this.denied = denied.stream().map(Entry::parse).toList();
        this.allowLoopback = allowLoopback;
        this.ownPorts = Set.copyOf(ownPorts);
        this.ownAuthorities = Set.copyOf(ownAuthorities);
        this.localAddresses = Set.copyOf(localAddresses);
    }

    /** Why the gateway may not call this http(s) URL, judged from the URL alone; null when it may. */
    public String refusalOf(URI url) {
        int port = portOf(url);
        if (port < 1 || port > 65535) {
            return "has no valid port (1-65535)";
        }
        String host = hostOf(url);
        if (host == null) {
            return "must name a host";
        }
        if (isNumeric(host)) {
            InetAddress literal = literal(host);
            return literal == null
                    ? "must write a numeric host as a canonical IP address (e.g. 10.0.0.1, or [fd00::1])"
                    : refusalOf(null, literal, port);
        }
        return refusalOfName(host, port);
    }

    /** Why the gateway may not connect to this address, one the URL's host resolved to; null when it may. */
    public String refusalOf(String name, InetAddress resolved, int port) {
        List<InetAddress> forms = new ArrayList<>(List.of(resolved));
        InetAddress embedded = embeddedIpv4(resolved);
        if (embedded != null) {
            forms.add(embedded);
        }
        boolean explicitlyAllowed = name != null && allowed.stream().anyMatch(e -> e.matchesName(name, port));
        for (InetAddress address : forms) {
            if (denied.stream().anyMatch(e -> e.matchesAddress(address, port))) {
                return "is denied by the upstream address policy";
            }
            if (address.isAnyLocalAddress() || THIS_NETWORK.contains(address) || address.isMulticastAddress()
                    || address instanceof Inet4Address && address.getAddress()[0] == (byte) 255) {
                return "is not a unicast address";
            }
            if (METADATA_ADDRESSES.stream().anyMatch(r -> r.contains(address))) {
                return "is a cloud metadata service";
            }
            if ((address.isLoopbackAddress() || localAddresses.contains(address)) && ownPorts.contains(port)) {
                return "is Switchboard itself";
            }
            explicitlyAllowed |= allowed.stream().anyMatch(e -> e.matchesAddress(address, port));
        }
        if (!allowed.isEmpty() && !explicitlyAllowed) {
            return "is not among the allowed upstream addresses";
        }
        for (InetAddress address : forms) {
            if (!explicitlyAllowed && LINK_LOCAL.stream().anyMatch(r -> r.contains(address))) {
                return "is a link-local address, which the upstream address policy denies";
            }
            if (!explicitlyAllowed && !allowLoopback && address.isLoopbackAddress()) {
                return "is a loopback address, which the upstream address policy denies";
            }
        }
        return null;
    }

    private String refusalOfName(String name, int port) {
        if (denied.stream().anyMatch(e -> e.matchesName(name, port))) {
            return "is denied by the upstream address policy";
        }
        if (METADATA_NAMES.contains(name)) {
            return "is a cloud metadata service";
        }
        if (ownAuthorities.contains(name + ":" + port)) {
            return "is Switchboard itself";
        }
        boolean explicitlyAllowed = allowed.stream().anyMatch(e -> e.matchesName(name, port));
        // A name may still resolve to an allowed address: that is known only when connecting.
        if (!allowed.isEmpty() && !explicitlyAllowed && allowed.stream().allMatch(e -> e.range == null)) {
            return "is not among the allowed upstream addresses";
        }
        if (!explicitlyAllowed && !allowLoopback && (name.equals("localhost") || name.endsWith(".localhost"))) {
            return "is a loopback address, which the upstream address policy denies";
        }
        return null;
    }

    /** The URL's host, lowercase, without brackets or a trailing dot; null when it has none. */
    public static String hostOf(URI url) {
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** The URL's port, or its scheme's default. */
    public static int portOf(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /** Whether a host (as {@link #hostOf} answers it) is an IP literal rather than a name to resolve. */
    public static boolean isNumeric(String host) {
        if (host.contains(":")) {
            return true;
        }
        String[] labels = host.split("\\.");
        return labels.length > 0 && NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches();
    }

    /** The address a canonical IP literal names, or null (a name, or a numeric host written another way). */
    public static InetAddress literal(String host) {
        if (!host.contains(":") && !CANONICAL_IPV4.matcher(host).matches()) {
            return null;
        }
        if (host.contains(":") && !host.matches("[0-9a-f:.]+")) {
            return null;
        }
        try {
            // A literal: no lookup happens.
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The IPv4 address an IPv6 one carries (IPv4-compatible, NAT64, 6to4), or null. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] bytes = address.getAddress();
        int from;
        if (NAT64.contains(address) || isZero(bytes, 0, 12) && !isZero(bytes, 12, 15)) {
            from = 12;
        } else if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            from = 2;
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An address range: a network and a prefix length. */
    private record Range(byte[] network, int prefix) {

        static Range parse(String cidr) {
            int slash = cidr.indexOf('/');
            String ip = slash < 0 ? cidr : cidr.substring(0, slash);
            InetAddress address = literal(ip);
            if (address == null) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR");
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length");
            }
            return new Range(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One configured entry: a name (exact, {@code *.domain} or {@code *}) or an address range, on one port or any. */
    private record Entry(String name, Range range, int port) {

        static Entry parse(String raw) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            String body = entry;
            int port = -1;
            try {
                if (entry.startsWith("[")) {
                    int close = entry.indexOf(']');
                    body = entry.substring(1, close);
                    String rest = entry.substring(close + 1);
                    if (!rest.isEmpty()) {
                        port = Integer.parseInt(rest.substring(rest.indexOf(':') + 1));
                    }
                } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
                    body = entry.substring(0, entry.indexOf(':'));
                    port = Integer.parseInt(entry.substring(entry.indexOf(':') + 1));
                }
                if (body.isEmpty() || port == 0 || port > 65535) {
                    throw new IllegalArgumentException();
                }
                if (body.contains("/") || body.contains(":") || isNumeric(body.replace("*.", ""))) {
                    return new Entry(null, Range.parse(body), port);
                }
                if (!body.matches("(\\*|(\\*\\.)?[a-z0-9_-]+(\\.[a-z0-9_-]+)*)")) {
                    throw new IllegalArgumentException();
                }
                return new Entry(body, null, port);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("upstream address policy: '" + raw
                        + "' is not a host, *.domain, IP or CIDR with an optional :port");
            }
        }

        boolean matchesName(String host, int port) {
            if (name == null || this.port != -1 && this.port != port) {
                return false;
            }
            return name.equals("*") || name.equals(host) || name.startsWith("*.") && host.endsWith(name.substring(1));
        }

        boolean matchesAddress(InetAddress address, int port) {
            return range != null && (this.port == -1 || this.port == port) && range.contains(address);
        }
    }
}
