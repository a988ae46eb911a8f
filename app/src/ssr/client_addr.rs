//! The client's address behind a reverse proxy. Only a request that comes from a trusted
//! proxy (an address or CIDR of `INNOCITIES_TRUSTED_PROXIES`) has its `Forwarded` or
//! `X-Forwarded-For` believed: the client is the nearest address in that chain that is not
//! itself a trusted proxy. From anyone else the headers are ignored and the socket's peer is
//! the client, so a forged header cannot pick the address that sign-in throttling, rate
//! limits and the audit log see.

use std::net::IpAddr;

/// The proxies whose forwarding headers are believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// A comma-separated list of addresses and CIDRs (`127.0.0.1, 10.0.0.0/8, ::1`); an
    /// empty one trusts nobody.
    ///
    /// # Errors
    /// The entry that is neither.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (addr, bits) = match entry.split_once('/') {
                Some((addr, bits)) => (addr, Some(bits)),
                None => (entry, None),
            };
            let addr: IpAddr = addr
                .parse()
                .map_err(|_| format!("not an address or CIDR: {entry}"))?;
            let max = if addr.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                None => max,
                Some(bits) => bits
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or_else(|| format!("not an address or CIDR: {entry}"))?,
            };
            nets.push((addr, bits));
        }
        Ok(TrustedProxies(nets))
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0
            .iter()
            .any(|(net, bits)| match (canonical(*net), ip) {
                (IpAddr::V4(net), IpAddr::V4(ip)) => prefix(&net.octets(), &ip.octets(), *bits),
                (IpAddr::V6(net), IpAddr::V6(ip)) => prefix(&net.octets(), &ip.octets(), *bits),
                _ => false,
            })
    }

    /// The client of a request from `peer` with `forwarded` (the `Forwarded` header's
    /// values) and `x_forwarded_for` (the `X-Forwarded-For` header's values).
    pub fn client(&self, peer: IpAddr, forwarded: &[&str], x_forwarded_for: &[&str]) -> IpAddr {
        if !self.contains(peer) {
            return peer;
        }
        let chain: Vec<IpAddr> = if forwarded.is_empty() {
            x_forwarded_for
                .iter()
                .flat_map(|v| v.split(','))
                .filter_map(|a| parse_node(a.trim()))
                .collect()
        } else {
            forwarded
                .iter()
                .flat_map(|v| v.split(','))
                .filter_map(|element| {
                    element.split(';').find_map(|pair| {
                        let (key, value) = pair.trim().split_once('=')?;
                        key.trim()
                            .eq_ignore_ascii_case("for")
                            .then(|| parse_node(value.trim().trim_matches('"')))?
                    })
                })
                .collect()
        };
        // From the nearest hop outwards: the first that is not a trusted proxy.
        chain
            .iter()
            .rev()
            .copied()
            .find(|hop| !self.contains(*hop))
            .or_else(|| chain.first().copied())
            .unwrap_or(peer)
    }
}

/// The network a client is counted by (sign-in throttling, the API's rate limits): an IPv4
/// address itself, an IPv6 address's /64, which is what one household or host is given.
/// Otherwise each of one host's 2^64 addresses would be counted apart. The audit log keeps
/// the whole address.
pub fn client_network(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !u128::from(u64::MAX);
            format!("{}/64", std::net::Ipv6Addr::from(network))
        }
    }
}

/// An IPv4 address mapped into IPv6 as the IPv4 one.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn prefix(net: &[u8], ip: &[u8], bits: u8) -> bool {
    let (whole, rest) = (usize::from(bits / 8), bits % 8);
    net[..whole] == ip[..whole]
        && (rest == 0 || {
            let mask = 0xffu8 << (8 - rest);
            net[whole] & mask == ip[whole] & mask
        })
}

/// An address of a forwarding header: `203.0.113.7`, `203.0.113.7:4711`, `[2001:db8::1]`,
/// `[2001:db8::1]:4711`, `2001:db8::1`; anything else (`unknown`, an obfuscated name) is none.
fn parse_node(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    text.parse::<std::net::SocketAddr>().ok().map(|s| s.ip())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_network() {
        let key = |text: &str| client_network(ip(text));
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff:1:2:3"), "2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_the_nearest_untrusted_hop_is_the_client() {
        let trusted = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8, ::1").unwrap();
        assert!(trusted.contains(ip("10.200.3.4")));
        assert!(trusted.contains(ip("::ffff:127.0.0.1")));
        assert!(!trusted.contains(ip("11.0.0.1")));

        // From the proxy: the client it names.
        assert_eq!(
            trusted.client(ip("127.0.0.1"), &[], &["203.0.113.7"]),
            ip("203.0.113.7")
        );
        // A forged first entry is ignored: the hop the proxy saw is the client.
        assert_eq!(
            trusted.client(ip("127.0.0.1"), &[], &["1.2.3.4, 203.0.113.7, 10.0.0.2"]),
            ip("203.0.113.7")
        );
        // From anyone else the header counts for nothing.
        assert_eq!(
            trusted.client(ip("198.51.100.9"), &[], &["1.2.3.4"]),
            ip("198.51.100.9")
        );
        // RFC 7239, with ports and IPv6.
        assert_eq!(
            trusted.client(
                ip("::1"),
                &["for=\"[2001:db8::1]:4711\";proto=https, for=10.0.0.3"],
                &["9.9.9.9"]
            ),
            ip("2001:db8::1")
        );
        assert_eq!(
            trusted.client(ip("127.0.0.1"), &[], &["garbage, unknown"]),
            ip("127.0.0.1")
        );
        // Nobody trusted: always the peer.
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("127.0.0.1"), &[], &["1.2.3.4"]),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn a_bad_entry_is_named() {
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").is_err());
        assert_eq!(
            TrustedProxies::parse(" ").unwrap(),
            TrustedProxies::default()
        );
        let v6 = TrustedProxies::parse("2001:db8::/32").unwrap();
        assert!(v6.contains(ip("2001:db8:ffff::1")));
        assert!(!v6.contains(ip("2001:db9::1")));
    }
}
