// SSL: keepalived's SSL context for SSL_GET (password, CA, certificate,
// key).
#include "core/config/keywords_lvs.hpp"
#include "core/config/values.hpp"

namespace lvs::config {

namespace {

void ssl_file(Ctx &c, const Stmt &s)
{
	std::string_view k = s.words[0];
	const char *what = k == "password" ? "password" : k == "ca" ? "cafile" : k == "certificate" ? "certfile" : "keyfile";
	std::string &slot = k == "password" ? c.cfg.ssl->password
			    : k == "ca"	     ? c.cfg.ssl->ca
			    : k == "certificate" ? c.cfg.ssl->certificate
						 : c.cfg.ssl->key;
	if (s.words.size() < 2)
		return c.error(s.loc, std::string("SSL ") + what + " missing");
	if (!slot.empty())
		c.error(s.loc, std::string("SSL ") + what + " already specified - replacing");
	slot = str(s.words[1]);
}

constexpr Keyword kSslKeywords[] = {
	{"password", 0, ssl_file},
	{"ca", 0, ssl_file},
	{"certificate", 0, ssl_file},
	{"key", 0, ssl_file},
};

} // namespace

const Block kSslBlock{kSslKeywords};

void open_ssl(Ctx &c, const Stmt &s)
{
	open_single(c, s, c.cfg.ssl, "SSL context already specified - replacing");
}

} // namespace lvs::config
