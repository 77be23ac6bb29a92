// The checkers of a real server: the keywords all of them share
// (check_api.c) and each type's own (check_tcp/http/udp/misc/dns/smtp/
// ping/file/bfd.c), with keepalived 2.2.7's messages. nb_get_retry is
// `retry` in every checker (R-KA-COMPAT); UDP_CHECK has EulerOS's
// ping_check_off.
#include "core/config/keywords_lvs.hpp"
#include "core/config/values.hpp"
#include "core/regex.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <strings.h>

namespace lvs::config {

namespace {

Checker &chk(Ctx &c)
{
	return current_rs(c).checkers.back();
}

template <typename T> T &detail(Ctx &c)
{
	return std::get<T>(*chk(c).detail);
}

void add_checker(Ctx &c, const Stmt &s, CheckerType type, std::unique_ptr<CheckerDetail> d)
{
	Checker k;
	k.type = type;
	k.loc = s.loc;
	k.detail = std::move(d);
	current_rs(c).checkers.push_back(std::move(k));
}

// --------------------------------------------------- connection keywords

// Where connection keywords go: the checker's, or inside SMTP_CHECK's
// legacy host { } block, that host's.
ConnOpts &conn(Ctx &c)
{
	return c.smtp_host ? c.smtp_hosts.back() : chk(c).conn;
}

void connect_ip(Ctx &c, const Stmt &s)
{
	ConnOpts &o = conn(c);
	net::Addr a;
	if (!parse_addr(s.words[1], a))
		return c.error(s.loc, "Invalid connect_ip address " + str(s.words[1]) + " - ignoring");
	if (o.source && o.source->bindto.addr.af && o.source->bindto.addr.af != a.af)
		return c.error(s.loc, "connect_ip address " + str(s.words[1]) +
					      " does not match address family of bindto - skipping");
	o.connect.addr = a;
}

void port(Ctx &c, const Stmt &s, uint16_t &out, const char *what)
{
	uint32_t p;
	if (!read_unsigned(c, s.loc, s.words[1], 1, 65535, p))
		return c.error(s.loc, std::string("Invalid checker ") + what + " '" + str(s.words[1]) + "'");
	out = static_cast<uint16_t>(p);
}

void connect_port(Ctx &c, const Stmt &s)
{
	port(c, s, conn(c).connect.port, "connect_port");
}

void bindto(Ctx &c, const Stmt &s)
{
	ConnOpts &o = conn(c);
	net::Addr a;
	if (!parse_addr(s.words[1], a))
		return c.error(s.loc, "Invalid bindto address " + str(s.words[1]) + " - ignoring");
	if (o.connect.addr.af && o.connect.addr.af != a.af)
		return c.error(s.loc, "bindto address " + str(s.words[1]) +
					      " does not match address family of connect_ip - skipping");
	rare(o.source).bindto.addr = a;
}

void bind_port(Ctx &c, const Stmt &s)
{
	port(c, s, rare(conn(c).source).bindto.port, "bind_port");
}

void bind_if(Ctx &c, const Stmt &s)
{
	if (s.words[1].size() > 15)
		return c.error(s.loc, "Interface name " + str(s.words[1]) + " is too long - ignoring");
	rare(conn(c).source).bind_if = str(s.words[1]);
}

void connect_timeout(Ctx &c, const Stmt &s)
{
	Micros t;
	if (!read_timer(c, s.loc, s.words[1], 1, UINT_MAX, t))
		return c.error(s.loc, "connect_timeout " + str(s.words[1]) + " invalid - ignoring");
	conn(c).connect_timeout = t;
}

void fwmark(Ctx &c, const Stmt &s)
{
	uint32_t m;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT_MAX, m))
		return c.error(s.loc, "Invalid fwmark connection value '" + str(s.words[1]) + "'");
	rare(conn(c).source).fwmark = m;
}

// ------------------------------------------------------ common keywords

void retry(Ctx &c, const Stmt &s)
{
	uint32_t r;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT_MAX, r))
		return c.error(s.loc, "Invalid " + str(s.words[0]) + " value '" + str(s.words[1]) + "'");
	chk(c).retry = r;
}

void checker_timer(Ctx &c, const Stmt &s, Micros min, Micros &out, const std::string &what)
{
	Micros t;
	if (!read_timer(c, s.loc, s.words[1], min, 0, t))
		return c.error(s.loc, what);
	out = t;
}

void delay_before_retry(Ctx &c, const Stmt &s)
{
	checker_timer(c, s, 0, chk(c).delay_before_retry,
		      "Invalid delay_before_retry connection value '" + str(s.words[1]) + "'");
}

void warmup(Ctx &c, const Stmt &s)
{
	checker_timer(c, s, 0, chk(c).warmup, "Invalid warmup connection value '" + str(s.words[1]) + "'");
}

void delay_loop(Ctx &c, const Stmt &s)
{
	checker_timer(c, s, 1, chk(c).delay_loop, "delay_loop '" + str(s.words[1]) + "' is invalid - ignoring");
}

void alpha(Ctx &c, const Stmt &s)
{
	read_switch(c, s, "alpha", chk(c).alpha);
}

void log_all_failures(Ctx &c, const Stmt &s)
{
	read_switch(c, s, "log_all_failures", chk(c).log_all_failures);
}

constexpr Keyword kCommonKeywords[] = {
	{"retry", 1, retry},
	{"nb_get_retry", 1, retry},
	{"delay_before_retry", 1, delay_before_retry},
	{"warmup", 1, warmup},
	{"delay_loop", 1, delay_loop},
	{"alpha", 0, alpha},
	{"log_all_failures", 0, log_all_failures, nullptr, &kLogAllFailures},
};
constexpr Block kCommonBlock{kCommonKeywords};

constexpr Keyword kConnKeywords[] = {
	{"connect_ip", 1, connect_ip},
	{"connect_port", 1, connect_port},
	{"bindto", 1, bindto},
	{"bind_port", 1, bind_port},
	{"bind_if", 1, bind_if},
	{"connect_timeout", 1, connect_timeout},
	{"fwmark", 1, fwmark},
};

// keepalived's check_conn_opts(): an IPv6 link-local target needs bind_if.
bool conn_ok(Ctx &c, const ConnOpts &o)
{
	const net::Addr &dst = o.connect.addr.af ? o.connect.addr : current_rs(c).addr.addr;
	bool link_local = dst.af == AF_INET6 && dst.bytes[0] == 0xfe && (dst.bytes[1] & 0xc0) == 0x80;
	if (link_local && (!o.source || o.source->bind_if.empty())) {
		c.error(c.close_loc, "Checker link local address " + addr_str(dst) + " requires a bind_if");
		return false;
	}
	return true;
}

void conn_close(Ctx &c)
{
	if (!conn_ok(c, chk(c).conn))
		current_rs(c).checkers.pop_back();
}

constexpr Block kConnBlock{kConnKeywords, nullptr, conn_close, &kCommonBlock};

// ------------------------------------------------------------- HTTP/SSL

Url &url(Ctx &c)
{
	return detail<HttpCheck>(c).urls.back();
}

void url_open(Ctx &c, const Stmt &s)
{
	Url u;
	u.loc = s.loc;
	detail<HttpCheck>(c).urls.push_back(std::move(u));
}

void path(Ctx &c, const Stmt &s)
{
	url(c).path = str(s.words[1]);
}

void digest(Ctx &c, const Stmt &s)
{
	std::string_view d = s.words[1];
	if (url(c).digest)
		return c.error(s.loc, "Digest '" + str(d) + "' is a duplicate");
	if (d.size() != 32)
		return c.error(s.loc, "digest '" + str(d) + "' character length should be 32 rather than " +
					      std::to_string(d.size()));
	std::vector<uint8_t> bytes = parse_hex(d, nullptr);
	if (bytes.size() != 16)
		return c.error(s.loc, "Unable to interpret hex digit in '" + str(d) + "'");
	std::array<uint8_t, 16> out;
	std::copy(bytes.begin(), bytes.end(), out.begin());
	url(c).digest = out;
}

void status_code(Ctx &c, const Stmt &s)
{
	for (auto w : args(s)) {
		std::string t(w);
		char *end = nullptr;
		unsigned long lo = std::strtoul(t.c_str(), &end, 10), hi = lo;
		if (*end == '-')
			hi = std::strtoul(end + 1, &end, 10);
		if (*end || lo < 100 || lo > 599 || hi < 100 || hi > 599 || lo > hi) {
			c.error(s.loc, "Invalid HTTP_GET status code '" + t + "'");
			continue;
		}
		url(c).status_codes.push_back({static_cast<uint16_t>(lo), static_cast<uint16_t>(hi)});
	}
}

void url_virtualhost(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "Missing HTTP_GET virtualhost name");
	url(c).virtualhost = str(s.words[1]);
}

// keepalived only logs what is wrong with the regex keywords (the config
// stays valid, so these are notes) and then goes on as written here.
void regex(Ctx &c, const Stmt &s)
{
	// Split again with quotes and escapes, as keepalived does: `\\d` is
	// the pattern's \d.
	auto words = split_shell(c, s.loc, s.raw);
	if (words.size() != 2)
		return c.error(s.loc, "regex missing or too many fields", Level::note);
	url(c).regex = std::move(words[1]);
}

void regex_no_match(Ctx &c, const Stmt &)
{
	url(c).regex_no_match = true;
}

void regex_options(Ctx &c, const Stmt &s)
{
	for (auto w : args(s)) {
		if (!regex_option(w)) {
			c.error(s.loc, "Unknown regex option " + str(w) + " - ignoring", Level::note);
			continue;
		}
		url(c).regex_options.push_back(str(w));
	}
}

// A decimal number and nothing else (keepalived's strtoul() and *endptr).
bool whole_number(std::string_view w, uint64_t &v)
{
	auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
	return ec == std::errc() && end == w.data() + w.size();
}

// keepalived reads a missing or bad offset as 0.
uint64_t regex_offset(Ctx &c, const Stmt &s, const char *which)
{
	if (s.words.size() != 2) {
		c.error(s.loc, std::string("Missing or too may options for regex_") + which + "_offset", Level::note);
		return 0;
	}
	uint64_t v = 0;
	std::string_view w = s.words[1];
	if (!whole_number(w, v)) {
		c.error(s.loc, std::string("Invalid regex_") + which + "_offset " + str(w) + " specified", Level::note);
		return 0;
	}
	return v;
}

void regex_min_offset(Ctx &c, const Stmt &s)
{
	url(c).regex_min_offset = regex_offset(c, s, "min");
}

void regex_max_offset(Ctx &c, const Stmt &s)
{
	url(c).regex_max_offset = regex_offset(c, s, "max");
}

void regex_stack(Ctx &c, const Stmt &s)
{
	if (s.words.size() != 3)
		return c.error(s.loc, "regex_stack requires start and max values", Level::note);
	uint64_t v[2];
	for (int i = 0; i < 2; i++)
		if (!whole_number(s.words[1 + i], v[i]))
			return c.error(s.loc, std::string("regex_stack invalid ") + (i ? "max" : "start") + " value",
				       Level::note);
	if (v[0] > v[1])
		return c.error(s.loc, "regex stack start cannot exceed max value", Level::note);
	url(c).regex_stack_start = v[0];
	url(c).regex_stack_max = v[1];
}

void url_close(Ctx &c)
{
	auto &urls = detail<HttpCheck>(c).urls;
	Url &u = urls.back();
	if (u.path.empty()) {
		c.error(c.close_loc, "HTTP/SSL_GET checker url has no path - ignoring");
		urls.pop_back();
		return;
	}
	bool regex_params = u.regex_no_match || !u.regex_options.empty() || u.regex_min_offset ||
			    u.regex_max_offset || u.regex_stack_max;
	if (u.regex.empty() && regex_params) {
		c.error(c.close_loc, "regex parameters specified without regex", Level::note);
		u.regex_no_match = false;
		u.regex_options.clear();
		u.regex_min_offset = 0;
		u.regex_max_offset.reset();
		u.regex_stack_start = u.regex_stack_max = 0;
	}
	if (u.regex_max_offset && u.regex_min_offset > *u.regex_max_offset) {
		c.error(c.close_loc, "regex min offset " + std::to_string(u.regex_min_offset) + " > regex_max_offset " +
				       std::to_string(*u.regex_max_offset) + " - ignoring", Level::note);
		u.regex_min_offset = 0;
		u.regex_max_offset.reset();
	}
	// keepalived logs a pattern PCRE2 refuses; its check then fails. A
	// generated config repeats one pattern: it is compiled once here.
	std::string key = u.regex + '\n';
	for (const auto &o : u.regex_options)
		key += o + ' ';
	if (u.regex.empty() || key == c.regex_checked)
		return;
	if (auto why = regex_error({u.regex, u.regex_options, 0, 0}))
		return c.error(c.close_loc, *why + " - the check of url " + u.path + " fails", Level::note);
	c.regex_checked = std::move(key);
}

constexpr Keyword kUrlKeywords[] = {
	{"path", 1, path},
	{"digest", 1, digest},
	{"status_code", 0, status_code},
	{"virtualhost", 0, url_virtualhost},
	{"regex", 0, regex},
	{"regex_no_match", 0, regex_no_match},
	{"regex_options", 0, regex_options},
	{"regex_min_offset", 0, regex_min_offset},
	{"regex_max_offset", 0, regex_max_offset},
	{"regex_stack", 0, regex_stack},
};
constexpr Block kUrlBlock{kUrlKeywords, nullptr, url_close};

void http_protocol(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "Missing http_protocol version");
	std::string_view v = s.words[1];
	HttpCheck &h = detail<HttpCheck>(c);
	if (v == "1.0")
		h.protocol = HttpProtocol::v1_0;
	else if (v == "1.0C" || v == "1.0c")
		h.protocol = HttpProtocol::v1_0c;
	else if (v == "1.1")
		h.protocol = HttpProtocol::v1_1;
	else
		c.error(s.loc, "Invalid http_protocol version " + str(v));
}

void http_virtualhost(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "HTTP_GET virtualhost name missing");
	detail<HttpCheck>(c).virtualhost = str(s.words[1]);
}

void http_bool(Ctx &c, const Stmt &s, bool &out)
{
	Inherit v;
	if (read_switch(c, s, str(s.words[0]), v))
		out = v == Inherit::yes;
}

void fast_recovery(Ctx &c, const Stmt &s)
{
	http_bool(c, s, detail<HttpCheck>(c).fast_recovery);
}

void enable_sni(Ctx &c, const Stmt &s)
{
	http_bool(c, s, detail<HttpCheck>(c).enable_sni);
}

// 2.2.7 crashes on an HTTP_GET without urls (R-KA-COMPAT): say so and drop it.
void http_close(Ctx &c)
{
	if (detail<HttpCheck>(c).urls.empty()) {
		c.error(c.close_loc, "HTTP/SSL_GET checker has no urls specified - ignoring");
		current_rs(c).checkers.pop_back();
		return;
	}
	conn_close(c);
}

constexpr Keyword kHttpKeywords[] = {
	{"http_protocol", 0, http_protocol},
	{"virtualhost", 0, http_virtualhost},
	{"fast_recovery", 0, fast_recovery},
	{"enable_sni", 0, enable_sni},
	{"url", 0, url_open, &kUrlBlock},
};
constexpr Block kHttpBlock{kHttpKeywords, nullptr, http_close, &kConnBlock};

// ------------------------------------------------------------------ UDP

void payload(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "UDP_CHECK payload requires a payload");
	std::string hex;
	for (auto w : args(s))
		hex += str(w) + " ";
	auto data = parse_hex(hex, nullptr);
	if (data.empty())
		return c.error(s.loc, "Invalid hex string for UDP_CHECK payload");
	detail<UdpCheck>(c).payload = std::move(data);
}

void require_reply(Ctx &c, const Stmt &s)
{
	UdpCheck &u = detail<UdpCheck>(c);
	u.require_reply = true;
	if (s.words.size() < 2)
		return;
	std::string hex;
	for (auto w : args(s))
		hex += str(w) + " ";
	std::vector<uint8_t> mask;
	auto data = parse_hex(hex, &mask);
	if (data.empty())
		return c.error(s.loc, "Invalid hex string for UDP_CHECK reply");
	u.reply_data = std::move(data);
	u.reply_mask = std::move(mask);
}

void reply_length(Ctx &c, const Stmt &s)
{
	bool min = s.words[0] == "min_reply_length";
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 0, 65535, v))
		return c.error(s.loc, std::string("UDP_CHECK ") + (min ? "min" : "max") + " length " +
					      str(s.words[1]) + " not valid - must be between 0 & 65535");
	(min ? detail<UdpCheck>(c).min_reply_length : detail<UdpCheck>(c).max_reply_length) = v;
}

void ping_check_off(Ctx &c, const Stmt &)
{
	detail<UdpCheck>(c).ping_check_off = true;
}

void udp_close(Ctx &c)
{
	const UdpCheck &u = detail<UdpCheck>(c);
	if (u.require_reply && u.min_reply_length > u.max_reply_length)
		c.error(c.close_loc, "UDP_CHECK min_reply length " + std::to_string(u.min_reply_length) +
					    " > max_reply_length " + std::to_string(u.max_reply_length) +
					    " - will always fail");
	conn_close(c);
}

constexpr Keyword kUdpKeywords[] = {
	{"payload", 0, payload},
	{"require_reply", 0, require_reply},
	{"min_reply_length", 1, reply_length},
	{"max_reply_length", 1, reply_length},
	{"ping_check_off", 0, ping_check_off},
};
constexpr Block kUdpBlock{kUdpKeywords, nullptr, udp_close, &kConnBlock};

// ----------------------------------------------------------------- MISC

void misc_path(Ctx &c, const Stmt &s)
{
	read_script(c, s, detail<MiscCheck>(c).script, false);
}

void misc_timeout(Ctx &c, const Stmt &s)
{
	uint32_t t;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT_MAX / 1000000, t))
		return c.error(s.loc, "Invalid misc_timeout value '" + str(s.words[1]) + "'");
	detail<MiscCheck>(c).timeout = t * kSecond;
}

void misc_dynamic(Ctx &c, const Stmt &)
{
	detail<MiscCheck>(c).dynamic = true;
}

void misc_user(Ctx &c, const Stmt &s)
{
	Script &sc = detail<MiscCheck>(c).script;
	sc.user = str(s.words[1]);
	sc.group = str(arg(s, 2));
}

void misc_close(Ctx &c)
{
	if (detail<MiscCheck>(c).script.command.empty()) {
		c.error(c.close_loc, "No script path has been specified for MISC_CHECKER - skipping");
		current_rs(c).checkers.pop_back();
	}
}

constexpr Keyword kMiscKeywords[] = {
	{"misc_path", 1, misc_path},
	{"misc_timeout", 1, misc_timeout},
	{"misc_dynamic", 0, misc_dynamic},
	{"user", 1, misc_user},
};
constexpr Block kMiscBlock{kMiscKeywords, nullptr, misc_close, &kCommonBlock};

// ------------------------------------------------------------------ DNS

struct DnsTypeName {
	const char *name;
	DnsType type;
};
constexpr DnsTypeName kDnsTypes[] = {
	{"A", DnsType::a},   {"NS", DnsType::ns},   {"CNAME", DnsType::cname}, {"SOA", DnsType::soa},
	{"MX", DnsType::mx}, {"TXT", DnsType::txt}, {"AAAA", DnsType::aaaa}, {"RRSIG", DnsType::rrsig},
	{"DNSKEY", DnsType::dnskey},
};

void dns_type(Ctx &c, const Stmt &s)
{
	std::string t = str(s.words[1]);
	for (const auto &n : kDnsTypes)
		if (!strcasecmp(n.name, t.c_str())) {
			detail<DnsCheck>(c).type = n.type;
			return;
		}
	c.error(s.loc, "Unknown DNS check type " + t + " - ignoring");
}

void dns_name(Ctx &c, const Stmt &s)
{
	DnsCheck &d = detail<DnsCheck>(c);
	std::string_view n = s.words[1];
	if (d.name != ".")
		return c.error(s.loc, "DNS_CHECK name already specified - ignoring");
	if (n.find("..") != std::string_view::npos || (n.size() > 1 && n[0] == '.'))
		return c.error(s.loc, "DNS_CHECK name '" + str(n) + "' has empty label - ignoring");
	d.name = str(n);
}

constexpr Keyword kDnsKeywords[] = {
	{"type", 1, dns_type},
	{"name", 1, dns_name},
};
constexpr Block kDnsBlock{kDnsKeywords, nullptr, conn_close, &kConnBlock};

// ----------------------------------------------------------------- SMTP

void helo_name(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "SMTP_CHECK helo name missing");
	detail<SmtpCheck>(c).helo_name = str(s.words[1]);
}

// The legacy host { } block, as keepalived 2.2.7 takes it: its connection
// keywords make a host of their own (the real server's address and port
// unless it says otherwise); other checker keywords in it are the
// SMTP_CHECK's. At the close each host is an SMTP_CHECK of its own.
void smtp_host(Ctx &c, const Stmt &)
{
	c.smtp_hosts.emplace_back();
	c.smtp_host = true;
}

void smtp_host_close(Ctx &c)
{
	c.smtp_host = false;
	if (!conn_ok(c, c.smtp_hosts.back()))
		c.smtp_hosts.pop_back();
}

// An SMTP_CHECK with its settings and another host to connect to.
Checker smtp_for_host(const Checker &k, ConnOpts host)
{
	Checker h;
	h.type = k.type;
	h.alpha = k.alpha;
	h.log_all_failures = k.log_all_failures;
	h.retry = k.retry;
	h.delay_loop = k.delay_loop;
	h.warmup = k.warmup;
	h.delay_before_retry = k.delay_before_retry;
	h.conn = std::move(host);
	h.loc = k.loc;
	h.detail = std::make_unique<CheckerDetail>(*k.detail);
	return h;
}

// With hosts and no connection keyword of its own, the checker checks the
// first host rather than the real server; each other host gets a checker.
void smtp_close(Ctx &c)
{
	std::vector<ConnOpts> hosts = std::move(c.smtp_hosts);
	c.smtp_hosts.clear();
	Checker &k = chk(c);
	if (!hosts.empty())
		c.error(c.close_loc, "The SMTP_CHECK host block is deprecated. Please define additional checkers.",
			Level::note);
	const ConnSource &src = peek(k.conn.source);
	bool own = k.conn.connect.addr.af || k.conn.connect.port || src.bindto.addr.af || src.bindto.port ||
		   !src.bind_if.empty() || src.fwmark || k.conn.connect_timeout != kNoTime;
	if (own || hosts.empty()) {
		if (!conn_ok(c, k.conn)) {
			current_rs(c).checkers.pop_back();
			return;
		}
	} else {
		k.conn = std::move(hosts.front());
		hosts.erase(hosts.begin());
	}
	std::vector<Checker> more;
	for (auto &h : hosts)
		more.push_back(smtp_for_host(k, std::move(h)));
	for (auto &m : more)
		current_rs(c).checkers.push_back(std::move(m));
}

constexpr Block kSmtpHostBlock{kConnKeywords, nullptr, smtp_host_close, &kCommonBlock};
constexpr Keyword kSmtpKeywords[] = {
	{"helo_name", 0, helo_name},
	{"host", 0, smtp_host, &kSmtpHostBlock},
};
constexpr Block kSmtpBlock{kSmtpKeywords, nullptr, smtp_close, &kConnBlock};

// ----------------------------------------------------------------- FILE

// The track_file block must come first: keepalived looks it up here.
void file_track(Ctx &c, const Stmt &s)
{
	std::string name = str(s.words[1]);
	const auto &files = c.cfg.vrrp.track_files;
	if (std::none_of(files.begin(), files.end(), [&](const TrackFile &t) { return t.name == name; }))
		return c.error(s.loc, "track_file " + name + " not found");
	detail<FileCheck>(c).track_file = std::move(name);
}

void file_weight(Ctx &c, const Stmt &s)
{
	FileCheck &f = detail<FileCheck>(c);
	if (s.words.size() < 2)
		return c.error(s.loc, "track file weight missing");
	int32_t w;
	if (!read_int(c, s.loc, s.words[1], -INT_MAX, INT_MAX, w))
		return c.error(s.loc, "weight for track file must be in [" + std::to_string(-INT_MAX) + ".." +
					      std::to_string(INT_MAX) + "] inclusive. Ignoring...");
	bool reverse = false;
	if (s.words.size() > 2) {
		if (s.words[2] == "reverse")
			reverse = true;
		else if (s.words[2] != "noreverse")
			return c.error(s.loc, "unknown track file weight option " + str(s.words[2]) + " - ignoring");
	}
	f.weight = w;
	f.weight_set = true;
	f.reverse = reverse;
}

void file_close(Ctx &c)
{
	if (detail<FileCheck>(c).track_file.empty()) {
		c.error(c.close_loc, "FILE_CHECK has no track_file specified - ignoring");
		current_rs(c).checkers.pop_back();
	}
}

constexpr Keyword kFileKeywords[] = {
	{"track_file", 1, file_track},
	{"weight", 0, file_weight},
};
constexpr Block kFileBlock{kFileKeywords, nullptr, file_close};

// ------------------------------------------------------------------ BFD

void bfd_name(Ctx &c, const Stmt &s)
{
	if (s.words.size() != 2)
		return c.error(s.loc, "(" + current_vs(c).group + ") BFD_CHECK - No or too many names specified - skipping checker");
	if (s.words[1].size() > 31)
		return c.error(s.loc, "(" + current_vs(c).group + ") BFD_CHECK - BFD name " + str(s.words[1]) + " too long");
	detail<BfdCheck>(c).name = str(s.words[1]);
}

void bfd_close(Ctx &c)
{
	if (detail<BfdCheck>(c).name.empty()) {
		c.error(c.close_loc, "(" + current_vs(c).group + ") No name has been specified for BFD_CHECKER - skipping");
		current_rs(c).checkers.pop_back();
	}
}

constexpr Keyword kBfdKeywords[] = {
	{"name", 0, bfd_name},
	{"alpha", 0, alpha},
};
constexpr Block kBfdBlock{kBfdKeywords, nullptr, bfd_close};

// ------------------------------------------------------- checker openers

void open_tcp(Ctx &c, const Stmt &s)
{
	add_checker(c, s, CheckerType::tcp, nullptr);
}

void open_ping(Ctx &c, const Stmt &s)
{
	add_checker(c, s, CheckerType::ping, nullptr);
}

void open_http(Ctx &c, const Stmt &s)
{
	CheckerType t = s.words[0] == "SSL_GET" ? CheckerType::ssl : CheckerType::http;
	add_checker(c, s, t, std::make_unique<CheckerDetail>(HttpCheck{}));
}

template <typename T, CheckerType type> void open_detail(Ctx &c, const Stmt &s)
{
	add_checker(c, s, type, std::make_unique<CheckerDetail>(T{}));
}

constexpr Inert kBfdCheck{"there is no BFD: the real server counts only its other checkers, and is up if it has "
			  "none"};

constexpr Keyword kCheckers[] = {
	{"TCP_CHECK", 0, open_tcp, &kConnBlock},
	{"HTTP_GET", 0, open_http, &kHttpBlock},
	{"SSL_GET", 0, open_http, &kHttpBlock},
	{"UDP_CHECK", 0, open_detail<UdpCheck, CheckerType::udp>, &kUdpBlock},
	{"MISC_CHECK", 0, open_detail<MiscCheck, CheckerType::misc>, &kMiscBlock},
	{"DNS_CHECK", 0, open_detail<DnsCheck, CheckerType::dns>, &kDnsBlock},
	{"SMTP_CHECK", 0, open_detail<SmtpCheck, CheckerType::smtp>, &kSmtpBlock},
	{"PING_CHECK", 0, open_ping, &kConnBlock},
	{"FILE_CHECK", 0, open_detail<FileCheck, CheckerType::file>, &kFileBlock},
	{"BFD_CHECK", 0, open_detail<BfdCheck, CheckerType::bfd>, &kBfdBlock, &kBfdCheck},
};

} // namespace

const Block kCheckersBlock{kCheckers};

} // namespace lvs::config
