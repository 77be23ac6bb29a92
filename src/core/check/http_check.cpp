// HTTP_GET and SSL_GET: each url in turn, on a connection of its own, with
// keepalived's request (User-Agent KeepAliveClient; Connection: close for
// 1.0C and 1.1; Host: the url's virtualhost, else the checker's, the real
// server's, the service's, else address:port). A url passes when its
// status code is in its list (200-299 when none), with a digest the MD5
// of the body (up to Content-Length) matches, and with a regex the body
// matches it (regex_no_match: does not), searched read by read with
// PCRE2's partial matching (core/regex.hpp). Up when every url passes.
// keepalived checks one url per delay_loop; here one attempt checks them
// all, so a verdict does not wait urls × delay_loop.
#include "core/check/net.hpp"
#include "core/check/tls.hpp"
#include "core/config/values.hpp"
#include "core/error.hpp"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace lvs::check {

namespace {

constexpr std::size_t kMaxHead = 64 * 1024;

struct SslFree {
	void operator()(SSL *s) const { SSL_free(s); }
};
struct Md5Free {
	void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};

std::string request(const config::Url &url, const config::HttpCheck &h, const Spec &s)
{
	std::string host = !url.virtualhost.empty() ? url.virtualhost : s.virtualhost;
	if (host.empty()) {
		std::string a = config::addr_str(s.addr);
		host = (s.addr.af == AF_INET6 ? "[" + a + "]" : a) + ":" + std::to_string(s.port);
	}
	std::string r = "GET " + url.path + " HTTP/1." + (h.protocol == config::HttpProtocol::v1_1 ? "1" : "0") +
			"\r\nUser-Agent: KeepAliveClient\r\n";
	if (h.protocol != config::HttpProtocol::v1_0)
		r += "Connection: close\r\n";
	return r + "Host: " + host + "\r\n\r\n";
}

bool status_ok(int status, const config::Url &url)
{
	if (url.status_codes.empty())
		return status >= 200 && status <= 299;
	return std::any_of(url.status_codes.begin(), url.status_codes.end(),
			   [status](const config::StatusRange &r) { return status >= r.first && status <= r.last; });
}

// The status of "HTTP/1.1 200 OK", and the Content-Length if there is one.
void parse_head(const std::string &head, int &status, std::optional<std::size_t> &length)
{
	std::size_t sp = head.find(' ');
	status = sp == std::string::npos ? 0 : std::atoi(head.c_str() + sp + 1);
	std::string lower(head);
	std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
	std::size_t at = lower.find("\r\ncontent-length:");
	if (at != std::string::npos)
		length = std::size_t(std::strtoull(lower.c_str() + at + 17, nullptr, 10));
}

class HttpAttempt : public Attempt {
public:
	HttpAttempt(Env &env, const Spec &s, Done done)
		: env_(env), spec_(s), http_(std::get<config::HttpCheck>(*s.detail)), done_(std::move(done)),
		  timer_(env.loop)
	{
		if (spec_.type == config::CheckerType::ssl)
			env_.tls.context(); // no context: the attempt cannot begin
		next_url();
	}

private:
	void next_url()
	{
		if (url_ == http_.urls.size()) { // none configured: up, as keepalived
			timer_.arm(event::Clock::duration(0), [this] { done_(Result{true, std::nullopt, {}}); });
			return;
		}
		connector_.emplace(
			env_.loop, spec_, [this](sys::Fd fd) { connected(std::move(fd)); },
			[this](Result r) { done_(std::move(r)); });
	}

	void connected(sys::Fd fd)
	{
		const config::Url &url = http_.urls[url_];
		request_ = request(url, http_, spec_);
		sent_ = 0;
		head_.clear();
		in_body_ = false;
		length_.reset();
		body_ = 0;
		md5_.reset();
		search_.reset();
		if (const Regex *re = spec_.regexes[url_].get())
			search_.emplace(*re, url.regex_min_offset, url.regex_max_offset);
		if (url.digest) {
			openssl_init();
			md5_.reset(EVP_MD_CTX_new());
			EVP_DigestInit_ex(md5_.get(), EVP_md5(), nullptr);
		}
		if (spec_.type == config::CheckerType::ssl) {
			ssl_.reset(SSL_new(env_.tls.context()));
			SSL_set_fd(ssl_.get(), fd.get());
			SSL_set_connect_state(ssl_.get());
			std::string name = !url.virtualhost.empty() ? url.virtualhost : spec_.virtualhost;
			if (http_.enable_sni && !name.empty())
				SSL_set_tlsext_host_name(ssl_.get(), name.c_str());
		}
		stream_.emplace(env_.loop, std::move(fd), EPOLLOUT, [this](std::uint32_t) { step(); });
		progress();
	}

	void progress()
	{
		timer_.arm(std::chrono::microseconds(spec_.connect_timeout), [this] { fail("timeout"); });
	}

	// Sends what is left of the request, then reads; returns when the
	// socket would block (waiting for `wait`) or the url has its verdict.
	void step()
	{
		while (sent_ < request_.size()) {
			int n = ssl_ ? SSL_write(ssl_.get(), request_.data() + sent_, int(request_.size() - sent_))
				     : int(::send(stream_->fd(), request_.data() + sent_, request_.size() - sent_,
						  MSG_NOSIGNAL));
			if (n <= 0)
				return blocked(n, "send");
			sent_ += std::size_t(n);
			progress();
		}
		char buf[16384];
		for (;;) {
			int n = ssl_ ? SSL_read(ssl_.get(), buf, sizeof buf) : int(::recv(stream_->fd(), buf, sizeof buf, 0));
			if (n == 0 || (n < 0 && ssl_ && SSL_get_error(ssl_.get(), n) == SSL_ERROR_ZERO_RETURN))
				return verdict();
			if (n < 0)
				return blocked(n, "recv");
			progress();
			if (take(buf, std::size_t(n)))
				return verdict();
		}
	}

	// A write or read that did not go through: wait for the socket, or fail.
	void blocked(int n, const char *what)
	{
		if (ssl_) {
			int e = SSL_get_error(ssl_.get(), n);
			if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
				return stream_->modify(e == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT);
			return fail(std::string(what) + ": " + (e == SSL_ERROR_SYSCALL ? std::strerror(errno) : tls_error()));
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return stream_->modify(sent_ < request_.size() ? EPOLLOUT : EPOLLIN);
		fail(std::string(what) + ": " + std::strerror(errno));
	}

	// Takes received bytes; true once the body is complete.
	bool take(const char *data, std::size_t n)
	{
		if (!in_body_) {
			head_.append(data, n);
			std::size_t end = head_.find("\r\n\r\n");
			if (end == std::string::npos) {
				if (head_.size() > kMaxHead)
					return true; // no head ends there: the verdict says so
				return false;
			}
			in_body_ = true;
			std::string rest = head_.substr(end + 4);
			head_.resize(end + 2);
			parse_head(head_, status_, length_);
			return body(rest.data(), rest.size());
		}
		return body(data, n);
	}

	bool body(const char *data, std::size_t n)
	{
		if (length_)
			n = std::min(n, *length_ - body_);
		if (md5_)
			EVP_DigestUpdate(md5_.get(), data, n);
		if (search_)
			search_->feed(data, n);
		body_ += n;
		return length_ && body_ >= *length_;
	}

	void verdict()
	{
		const config::Url &url = http_.urls[url_];
		if (!in_body_)
			return fail("no HTTP response");
		if (!status_ok(status_, url))
			return fail("HTTP status " + std::to_string(status_));
		if (md5_) {
			unsigned char sum[EVP_MAX_MD_SIZE];
			unsigned len = 0;
			EVP_DigestFinal_ex(md5_.get(), sum, &len);
			if (len != url.digest->size() || std::memcmp(sum, url.digest->data(), len) != 0)
				return fail("MD5 digest mismatch");
		}
		if (!url.regex.empty()) {
			if (!search_) // PCRE2 refused it
				return fail(regex_error({url.regex, url.regex_options, 0, 0}).value_or("regex not compiled"));
			if (search_->end() == url.regex_no_match) {
				std::string why = url.regex_no_match ? "' matched (regex_no_match)" : "' did not match";
				if (!search_->error().empty())
					why += " (" + search_->error() + ")";
				return fail("regex '" + url.regex + why);
			}
		}
		close();
		url_++;
		if (url_ == http_.urls.size())
			return done_(Result{true, std::nullopt, {}});
		next_url();
	}

	void close()
	{
		timer_.cancel();
		if (ssl_)
			SSL_shutdown(ssl_.get()); // one close_notify, not waited for
		ssl_.reset();
		stream_.reset();
	}

	void fail(std::string why)
	{
		close();
		done_(Result{false, std::nullopt, std::move(why)});
	}

	Env &env_;
	const Spec &spec_; // the Spec outlives its attempts
	const config::HttpCheck &http_;
	Done done_;
	event::Timer timer_;
	std::size_t url_ = 0;
	std::optional<Connector> connector_;
	std::unique_ptr<SSL, SslFree> ssl_;
	std::optional<event::Watched> stream_;
	std::string request_;
	std::size_t sent_ = 0;
	std::string head_;
	bool in_body_ = false;
	int status_ = 0;
	std::optional<std::size_t> length_;
	std::size_t body_ = 0;
	std::unique_ptr<EVP_MD_CTX, Md5Free> md5_;
	std::optional<Regex::Search> search_;
};

} // namespace

void compile_regexes(Env &env, Spec &spec)
{
	for (const auto &url : std::get<config::HttpCheck>(*spec.detail).urls) {
		std::shared_ptr<const Regex> re;
		try {
			if (!url.regex.empty())
				re = env.regexes.get({url.regex, url.regex_options, url.regex_stack_start, url.regex_stack_max});
		} catch (const Error &) {
			// said at load; each attempt fails with the reason
		}
		spec.regexes.push_back(std::move(re));
	}
}

AttemptPtr start_http(Env &env, const Spec &spec, Done done)
{
	return std::make_unique<HttpAttempt>(env, spec, std::move(done));
}

} // namespace lvs::check
