// HTTP_GET and SSL_GET against a small HTTP server on a thread of its own:
// the request keepalived sends (path, Host, Connection), status codes,
// the body's MD5 digest, and TLS with a certificate made here.
#include "check_helpers.hpp"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <mutex>

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
		: response_(std::move(response)), tls_(tls), linger_(linger),
		  server_([this](lvs::sys::Fd c) { answer(std::move(c)); })
	{
		port = server_.port;
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
	void answer(lvs::sys::Fd c)
	{
		int fd = c.get();
		if (linger_)
			kept_.push_back(std::move(c));
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
	std::vector<lvs::sys::Fd> kept_; // the server's thread's
	std::mutex mutex_;
	std::vector<std::string> requests_;
	std::string sni_;
	ThreadServer server_;
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

// Real servers 127.0.0.1, .2, ... (all checked at `server`), each with an
// alpha HTTP_GET of one url (its keywords after path), and whether each
// is up once every check has had its say: up, or its failure logged.
std::string verdicts(HttpServer &server, const std::vector<std::string> &urls, std::string *log = nullptr)
{
	std::string text;
	for (std::size_t i = 0; i < urls.size(); i++)
		text += http_rs("HTTP_GET", server.port, "path /\n" + urls[i], "connect_ip 127.0.0.1",
				"127.0.0." + std::to_string(i + 1));
	auto cfg = load(service(text));
	Loop loop;
	Engine engine(loop);
	std::size_t failed = 0;
	engine.on_log = [&](const std::string &line) {
		failed += line.find(" failed: ") != std::string::npos;
		if (log)
			*log += line + "\n";
	};
	engine.sync(cfg);
	auto up = [&] {
		std::string out;
		for (std::size_t i = 0; i < urls.size(); i++)
			out += std::string(out.empty() ? "" : " ") + (is_up(engine, key(cfg, 0, i)) ? "up" : "down");
		return out;
	};
	auto ups = [&] {
		std::string now = up();
		return std::size_t(std::count(now.begin(), now.end(), 'u'));
	};
	REQUIRE(spin(loop, [&] { return ups() + failed == urls.size(); }));
	return up();
}

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

// Nothing here touches OpenSSL before the check's own code does:
// host.openssl_conf watches which config this case reads.
TEST_CASE("SSL_GET: the client context, made on first use and kept")
{
	lvs::check::Tls tls;
	SSL_CTX *ctx = tls.context();
	REQUIRE(ctx);
	CHECK(tls.context() == ctx);
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

TEST_CASE("HTTP_GET regex: the body must match; regex_no_match turns it round")
{
	HttpServer server(reply(200, "<html>status: ready</html>"));
	std::string log;
	CHECK(verdicts(server,
		       {"regex \"status: (ready|ok)\"", "regex \"status: down\"", "regex \"status: down\"\n regex_no_match",
			"regex ready\n regex_no_match", "regex READY\n regex_options caseless", "regex READY"},
		       &log) == "up down up down up down");
	CHECK(log.find("failed: regex 'status: down' did not match") != std::string::npos);
	CHECK(log.find("failed: regex 'ready' matched (regex_no_match)") != std::string::npos);
}

TEST_CASE("HTTP_GET regex: a match that spans reads of the body is found")
{
	// 40,000 bytes between the ends of the match: no read (16 KiB at most)
	// holds all of it, so only matching across reads finds it.
	HttpServer server(reply(200, std::string(100, 'x') + "<begin>" + std::string(40000, 'a') + "<end>" +
					     std::string(100, 'y')));
	CHECK(verdicts(server, {"regex \"<begin>a+<end>\"", "regex \"<begin>a+<end>\"\n regex_no_match",
				"regex \"<begin>a+<fin>\""}) == "up down down");
}

TEST_CASE("HTTP_GET regex: min and max offsets bound where the match starts, counted in the body")
{
	HttpServer server(reply(200, "0123456789ok------")); // "ok" at 10
	CHECK(verdicts(server, {"regex ok\n regex_min_offset 10", "regex ok\n regex_min_offset 11",
				"regex ok\n regex_max_offset 10", "regex ok\n regex_max_offset 9",
				"regex ^0\n regex_max_offset 0"}) == "up down up down up");
}

TEST_CASE("HTTP_GET regex: a pattern PCRE2 refuses fails the check with PCRE2's reason")
{
	HttpServer server(reply(200, "a(b"));
	std::string log;
	CHECK(verdicts(server, {"regex \"a(b\""}, &log) == "down");
	CHECK(log.find("Invalid regex: 'a(b' at offset 3: missing closing parenthesis") != std::string::npos);
}

TEST_CASE("HTTP_GET regex: a reload carries a check over only while its regex settings are the same")
{
	Loop loop;
	HttpServer server(reply(200, "status: ready"));
	auto config = [&](const std::string &url) { return load(service(http_rs("HTTP_GET", server.port, "path /\n" + url))); };
	auto cfg = config("regex ready");
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg)); }));
	// The same settings: the check carries on, up. Another pattern,
	// options or offsets: a new check, which under alpha starts down.
	for (const char *same : {"regex ready", "regex  \"ready\""}) {
		engine.sync(config(same));
		CHECK(is_up(engine, key(cfg)));
	}
	for (const char *changed : {"regex rea.y", "regex ready\n regex_options caseless", "regex ready\n regex_min_offset 1",
				    "regex ready\n regex_max_offset 9", "regex ready\n regex_stack 32768 65536"}) {
		std::string what = changed;
		CAPTURE(what);
		engine.sync(config(changed));
		CHECK(is_down(engine, key(cfg)));
		REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg)); }));
	}
}
