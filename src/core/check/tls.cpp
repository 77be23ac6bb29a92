#include "core/check/tls.hpp"

#include "core/error.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstdlib>
#include <mutex>

namespace lvs::check {

namespace {

bool same(const config::SslContext &a, const config::SslContext &b)
{
	return a.password == b.password && a.ca == b.ca && a.certificate == b.certificate && a.key == b.key;
}

int password_cb(char *buf, int size, int, void *user)
{
	const auto *password = static_cast<const std::string *>(user);
	int n = std::min(size, int(password->size()));
	password->copy(buf, std::size_t(n));
	return n;
}

} // namespace

void Tls::Free::operator()(SSL_CTX *ctx) const
{
	SSL_CTX_free(ctx);
}

std::string tls_error()
{
	unsigned long e = ERR_get_error();
	ERR_clear_error();
	if (!e)
		return "TLS error";
	char buf[256];
	ERR_error_string_n(e, buf, sizeof buf);
	return buf;
}

void Tls::configure(const std::optional<config::SslContext> &ssl)
{
	if (ssl.has_value() == ssl_.has_value() && (!ssl || same(*ssl, *ssl_)))
		return;
	ssl_ = ssl;
	ctx_.reset(); // attempts in flight keep their SSL objects, which hold a reference
}

void openssl_init()
{
	static std::once_flag once;
	std::call_once(once, [] {
		if (!std::getenv("OPENSSL_CONF"))
			OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
	});
}

SSL_CTX *Tls::context()
{
	if (ctx_)
		return ctx_.get();
	openssl_init();
	std::unique_ptr<SSL_CTX, Free> ctx(SSL_CTX_new(TLS_client_method()));
	if (!ctx)
		throw Error("SSL_CTX_new: " + tls_error());
	SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
	// Many servers close without close_notify; the body is complete anyway.
	SSL_CTX_set_options(ctx.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);
	if (ssl_) {
		if (!ssl_->password.empty()) {
			SSL_CTX_set_default_passwd_cb(ctx.get(), password_cb);
			SSL_CTX_set_default_passwd_cb_userdata(ctx.get(), &ssl_->password);
		}
		if (!ssl_->ca.empty() && !SSL_CTX_load_verify_locations(ctx.get(), ssl_->ca.c_str(), nullptr))
			throw Error("SSL ca " + ssl_->ca + ": " + tls_error());
		if (!ssl_->certificate.empty() &&
		    !SSL_CTX_use_certificate_chain_file(ctx.get(), ssl_->certificate.c_str()))
			throw Error("SSL certificate " + ssl_->certificate + ": " + tls_error());
		if (!ssl_->key.empty() && !SSL_CTX_use_PrivateKey_file(ctx.get(), ssl_->key.c_str(), SSL_FILETYPE_PEM))
			throw Error("SSL key " + ssl_->key + ": " + tls_error());
	}
	ctx_ = std::move(ctx);
	return ctx_.get();
}

} // namespace lvs::check
