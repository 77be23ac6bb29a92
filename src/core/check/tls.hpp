// The TLS client context of SSL_GET, made on first use: with the SSL
// block's client certificate and key (and their password) when the config
// has one. Like keepalived, it does not verify the server's certificate:
// the check asks whether the service answers, not whom to trust.
#pragma once

#include "core/config/model.hpp"

#include <openssl/types.h>

#include <memory>
#include <optional>
#include <string>

namespace lvs::check {

class Tls {
public:
	// Takes the SSL block of a (new) config; a changed one makes a new
	// context for the attempts that start from now on.
	void configure(const std::optional<config::SslContext> &ssl);
	// Throws lvs::Error with OpenSSL's reason when it cannot be made.
	SSL_CTX *context();

private:
	struct Free {
		void operator()(SSL_CTX *ctx) const;
	};
	std::optional<config::SslContext> ssl_;
	std::unique_ptr<SSL_CTX, Free> ctx_;
};

// OpenSSL's last error as text, and the queue emptied.
std::string tls_error();

// Readies OpenSSL before its first use. The system's openssl.cnf is not
// read: a config can load providers and engines from shared objects,
// which a static binary must not dlopen. A config the user names in
// OPENSSL_CONF is read, as OpenSSL reads it (keepalived.conf(5)).
void openssl_init();

} // namespace lvs::check
