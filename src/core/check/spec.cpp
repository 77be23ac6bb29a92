#include "core/check/spec.hpp"

#include "core/config/emit.hpp"
#include "core/config/values.hpp"

namespace lvs::check {

bool runs(config::CheckerType t)
{
	using config::CheckerType;
	return t != CheckerType::bfd;
}

Spec make_spec(const config::Config &cfg, const config::VirtualServer &vs, const config::RealServer &rs,
	       const config::Checker &k)
{
	Spec s;
	s.type = k.type;
	s.addr = k.conn.connect.addr.af ? k.conn.connect.addr : rs.addr.addr;
	s.port = k.conn.connect.port ? k.conn.connect.port : rs.addr.port;
	s.source = config::peek(k.conn.source);
	s.connect_timeout = k.conn.connect_timeout;
	s.delay_loop = k.delay_loop;
	s.delay_before_retry = k.delay_before_retry;
	s.warmup = k.warmup;
	s.retry = k.retry;
	s.alpha = k.alpha == config::Inherit::yes;
	if (k.detail)
		s.detail = *k.detail;
	if (const auto *h = k.detail ? std::get_if<config::HttpCheck>(&*k.detail) : nullptr) {
		s.virtualhost = !h->virtualhost.empty()			? h->virtualhost
				: !config::peek(rs.rare).virtualhost.empty() ? config::peek(rs.rare).virtualhost
									       : config::peek(vs.rare).virtualhost;
	}
	if (const auto *m = k.detail ? std::get_if<config::MiscCheck>(&*k.detail) : nullptr)
		s.script_user = script::run_as(m->script, cfg.global);
	if (const auto *fc = k.detail ? std::get_if<config::FileCheck>(&*k.detail) : nullptr) {
		// The parser let no FILE_CHECK through without its track_file.
		for (const auto &t : cfg.vrrp.track_files) {
			if (t.name != fc->track_file)
				continue;
			s.file = t.file;
			s.file_weight = fc->weight_set ? fc->weight : t.weight;
			s.file_reverse = fc->weight_set ? fc->reverse : t.reverse;
			break;
		}
	}
	return s;
}

std::string fingerprint(const config::Checker &k, const Spec &s)
{
	// The resolved settings as bytes; a reload fingerprints every check
	// again, and TCP_CHECK and PING_CHECK, which most are, have nothing
	// more. A type with settings of its own adds them as the config
	// would say them.
	std::string f;
	auto put = [&f](const auto &v) { f.append(reinterpret_cast<const char *>(&v), sizeof v); };
	auto put_addr = [&](const net::Addr &a) {
		put(a.af);
		f.append(reinterpret_cast<const char *>(a.bytes.data()), a.bytes.size());
	};
	put(s.type);
	put_addr(s.addr);
	put(s.port);
	put_addr(s.source.bindto.addr);
	put(s.source.bindto.port);
	put(s.source.fwmark);
	put(s.connect_timeout);
	put(s.delay_loop);
	put(s.delay_before_retry);
	put(s.warmup);
	put(s.retry);
	put(s.alpha);
	put(s.script_user.uid);
	put(s.script_user.gid);
	put(s.file_weight);
	put(s.file_reverse);
	f += s.source.bind_if + '\n' + s.virtualhost + '\n' + s.file;
	if (k.detail)
		f += '\n' + config::to_conf({config::checker_node(k)});
	return f;
}

} // namespace lvs::check
