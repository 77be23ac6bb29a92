// HTTP_GET and SSL_GET against a small HTTP server on a thread of its own:
// the request keepalived sends (path, Host, Connection), status codes,
// the body's MD5 digest, and TLS with a certificate made here.
#include "check_helpers.hpp"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/ioctl.h>

#include <atomic>
#include <mutex>
#include <thread>

using namespace checktest;

namespace {

// A self-signed certificate and its key, for the test server.
std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> server_tls()
{
	std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *cert = X509_new();
	REQUIRE((key && cert));
	ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
	X509_gmtime_adj(X509_getm_notBefore(cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
	X509_set_pubkey(cert, key);
	X509_NAME *name = X509_get_subject_name(cert);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("rs.test"), -1, -1, 0);
	X509_set_issuer_name(cert, name);
	REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
	REQUIRE(SSL_CTX_use_certificate(ctx.get(), cert) == 1);
	REQUIRE(SSL_CTX_use_PrivateKey(ctx.get(), key) == 1);
	X509_free(cert);
	EVP_PKEY_free(key);
	return ctx;
}

// Answers every connection with `response` once the request's head is in;
// keeps the connection open when `linger` (a client must go by
// Content-Length, not wait for the close).
class HttpServer {
public:
	explicit HttpServer(std::string response, SSL_CTX *tls = nullptr, bool linger = false)
		: response_(std::move(response)), tls_(tls), linger_(linger)
	{
		lvs::sys::Fd fd = bound(SOCK_STREAM);
		port = port_of(fd.get());
		REQUIRE(::listen(fd.get(), 64) == 0);
		listen_ = std::move(fd);
		thread_ = std::thread([this] { serve(); });
	}
	~HttpServer()
	{
		stop_ = true;
		thread_.join();
	}

	std::vector<std::string> requests()
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return requests_;
	}
	std::string server_name()
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return sni_;
	}

	uint16_t port = 0;

private:
	void serve()
	{
		std::vector<lvs::sys::Fd> kept;
		while (!stop_) {
			pollfd p{listen_.get(), POLLIN, 0};
			if (::poll(&p, 1, 20) <= 0)
				continue;
			lvs::sys::Fd c(::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC));
			if (!c)
				continue;
			int flags = 0;
			::ioctl(c.get(), FIONBIO, &flags);
			timeval tv{1, 0};
			setsockopt(c.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
			answer(c.get());
			if (linger_)
				kept.push_back(std::move(c));
		}
	}
	void answer(int fd)
	{
		SSL *ssl = nullptr;
		if (tls_) {
			ssl = SSL_new(tls_);
			SSL_set_fd(ssl, fd);
			if (SSL_accept(ssl) != 1) {
				SSL_free(ssl);
				return;
			}
		}
		std::string req;
		char buf[4096];
		while (req.find("\r\n\r\n") == std::string::npos) {
			int n = ssl ? SSL_read(ssl, buf, sizeof buf) : int(::recv(fd, buf, sizeof buf, 0));
			if (n <= 0)
				break;
			req.append(buf, std::size_t(n));
		}
		{
			std::lock_guard<std::mutex> lock(mutex_);
			requests_.push_back(req);
			if (ssl && SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name))
				sni_ = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
		}
		if (ssl) {
			SSL_write(ssl, response_.data(), int(response_.size()));
			if (!linger_)
				SSL_shutdown(ssl);
			SSL_free(ssl);
		} else {
			::send(fd, response_.data(), response_.size(), MSG_NOSIGNAL);
		}
	}

	std::string response_;
	SSL_CTX *tls_;
	bool linger_;
	lvs::sys::Fd listen_;
	std::atomic<bool> stop_{false};
	std::mutex mutex_;
	std::vector<std::string> requests_;
	std::string sni_;
	std::thread thread_;
};

std::string reply(int status, const std::string &body)
{
	return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " + std::to_string(body.size()) +
	       "\r\n\r\n" + body;
}

// With alpha a real server starts down and comes up when its check passes;
// without, it starts up, and going down is what a failed check shows.
std::string http_rs(const char *kind, uint16_t port, const std::string &url, const std::string &check = "",
		    const std::string &addr = "127.0.0.1", bool alpha = true)
{
	return " real_server " + addr + " " + std::to_string(port) + " {\n" + (alpha ? "  alpha\n" : "") + "  " + kind +
	       " {\n   connect_timeout 1\n   retry 0\n   warmup 0\n" + check + "\n   url {\n" + url + "\n   }\n  }\n }\n";
}

// md5("hello")
const std::string kHelloDigest = "5d41402abc4b2a76b9719d911017c592";

// An alpha real server came up by its check, which the server answered.
bool settles_up(Loop &loop, Engine &engine, const RsId &k, HttpServer &server)
{
	return spin(loop, [&] { return !server.requests().empty() && is_up(engine, k); }, 2s);
}

} // namespace

TEST_CASE("HTTP_GET: the request keepalived sends, and a 200 is up")
{
	Loop loop;
	HttpServer server(reply(200, "hello"));
	auto cfg = load(service(http_rs("HTTP_GET", server.port, "path /health")));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(settles_up(loop, engine, key(cfg), server));
	CHECK(server.requests().front() == "GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:" +
						   std::to_string(server.port) + "\r\n\r\n");
}

TEST_CASE("HTTP_GET: virtualhost and http_protocol 1.1 shape the request")
{
	Loop loop;
	HttpServer server(reply(200, "hello"));
	auto cfg = load(service(http_rs("HTTP_GET", server.port, "path /", "virtualhost www.example.test\n http_protocol 1.1")));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(settles_up(loop, engine, key(cfg), server));
	CHECK(server.requests().front() ==
	      "GET / HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: www.example.test\r\n\r\n");
}

TEST_CASE("HTTP_GET: status codes outside the url's list are down")
{
	Loop loop;
	HttpServer unavailable(reply(503, "busy"));
	auto cfg = load(service(http_rs("HTTP_GET", unavailable.port, "path /", "", "127.0.0.1", false) +
				http_rs("HTTP_GET", unavailable.port, "path /\n status_code 503", "connect_ip 127.0.0.1", "127.0.0.2")));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg, 0, 0)) && is_up(engine, key(cfg, 0, 1)); }));
}

TEST_CASE("HTTP_GET: the body's MD5 must match digest")
{
	Loop loop;
	HttpServer server(reply(200, "hello"));
	HttpServer other(reply(200, "hullo"));
	auto cfg = load(service(http_rs("HTTP_GET", server.port, "path /\n digest " + kHelloDigest) +
				http_rs("HTTP_GET", other.port, "path /\n digest " + kHelloDigest, "", "127.0.0.1", false)));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(settles_up(loop, engine, key(cfg, 0, 0), server));
	REQUIRE(spin(loop, [&] { return !other.requests().empty() && is_down(engine, key(cfg, 0, 1)); }));
}

TEST_CASE("HTTP_GET: a server that keeps the connection open is judged by Content-Length")
{
	Loop loop;
	HttpServer server(reply(200, "hello"), nullptr, true);
	auto cfg = load(service(http_rs("HTTP_GET", server.port, "path /\n digest " + kHelloDigest)));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(settles_up(loop, engine, key(cfg), server));
}

TEST_CASE("SSL_GET: TLS to a server with a self-signed certificate, digest and SNI")
{
	Loop loop;
	auto tls = server_tls();
	HttpServer server(reply(200, "hello"), tls.get());
	HttpServer plain(reply(200, "hello"));
	auto cfg = load(service(http_rs("SSL_GET", server.port, "path /\n digest " + kHelloDigest, "virtualhost rs.test\n enable_sni") +
				http_rs("SSL_GET", plain.port, "path /", "", "127.0.0.1", false)));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(settles_up(loop, engine, key(cfg, 0, 0), server));
	CHECK(server.server_name() == "rs.test");
	CHECK(server.requests().front().find("Host: rs.test\r\n") != std::string::npos);
	CHECK(spin(loop, [&] { return is_down(engine, key(cfg, 0, 1)); })); // no TLS there
}
