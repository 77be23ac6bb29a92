#include "core/ipvs/client.hpp"

#include "core/ipvs/codec.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fmt/format.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>
#include <set>
#include <span>
#include <sys/socket.h>

// Our module's additions; after <linux/ip_vs.h>, whose numbers it continues.
#include "ip_vs_fnat_uapi.h"

namespace lvs::ipvs {

KernelError::KernelError(int cmd, int err)
	: Error(fmt::format("IPVS {}: {}", cmd_name(cmd), std::strerror(err))), cmd_(cmd), err_(err)
{
}

namespace {

// The kernel drops a reply that finds the receive buffer full (ENOBUFS),
// and a lost ACK would leave its op without a result. So requests go out
// in windows whose ACKs all fit in the buffer, drained before the next.
// One ACK costs the buffer its skb's truesize: under 2 KiB even for an
// error that echoes the request (NETLINK_CAP_ACK spares that).
constexpr int kRcvBuf = 4 << 20;
constexpr size_t kAckCost = 2048;
constexpr size_t kMaxWindow = 512;
// A window travels as one datagram; the kernel takes up to its send buffer
// (64 KiB as libnl sets it up) less overhead.
constexpr size_t kMaxDatagram = 32 * 1024;
// The kernel fills a dump datagram to at most 32 KiB.
constexpr size_t kRecvBuf = 64 * 1024;

void configure(nl_sock *sk)
{
	int fd = nl_socket_get_fd(sk);
	// Root, which IPVS requires anyway, may exceed net.core.rmem_max.
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kRcvBuf, sizeof kRcvBuf) < 0)
		nl_socket_set_buffer_size(sk, kRcvBuf, 0);
	// ACKs are matched by sequence number, so the echoed request is only
	// weight; kernels before 4.3 lack the option and echo it (kAckCost allows).
	int on = 1;
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof on);
}

// Requests per window, from the receive buffer the kernel actually granted.
size_t window(int fd)
{
	int rcvbuf = 0;
	socklen_t len = sizeof rcvbuf;
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len) < 0 || rcvbuf <= 0)
		return 1;
	return std::clamp<size_t>(static_cast<size_t>(rcvbuf) / kAckCost, 1, kMaxWindow);
}

// Our port, the next sequence number and the request's NLM_F_* flags.
uint32_t stamp(nl_sock *sk, nl_msg *msg, int flags)
{
	nlmsghdr *h = nlmsg_hdr(msg);
	h->nlmsg_pid = nl_socket_get_local_port(sk);
	h->nlmsg_seq = nl_socket_use_seq(sk);
	h->nlmsg_flags |= NLM_F_REQUEST | flags;
	return h->nlmsg_seq;
}

Bytes bytes_of(nl_msg *msg)
{
	const nlmsghdr *h = nlmsg_hdr(msg);
	return Bytes(reinterpret_cast<const uint8_t *>(h), h->nlmsg_len);
}

// 0, or the errno of a datagram the kernel did not take (it takes all or none).
int send_datagram(int fd, Bytes data)
{
	sockaddr_nl kernel{};
	kernel.nl_family = AF_NETLINK;
	while (sendto(fd, data.data(), data.size(), 0, reinterpret_cast<sockaddr *>(&kernel),
		      sizeof kernel) < 0)
		if (errno != EINTR)
			return errno;
	return 0;
}

// Hands every message the kernel sends to `take` until `take` has said
// "done" for one; that datagram is finished first, the rest stays queued.
template <typename Take>
void receive(int fd, Take &&take)
{
	// One buffer per thread: listing the stock ip_vs reads a dump per
	// service, and zeroing 64 KiB for each showed in the profile.
	static thread_local std::vector<uint8_t> buf(kRecvBuf);
	bool done = false;
	while (!done) {
		sockaddr_nl from{};
		socklen_t fromlen = sizeof from;
		ssize_t n = recvfrom(fd, buf.data(), buf.size(), MSG_TRUNC,
				     reinterpret_cast<sockaddr *>(&from), &fromlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			throw Error(fmt::format("IPVS: cannot read the kernel's reply: {}",
						std::strerror(errno)));
		if (static_cast<size_t>(n) > buf.size())
			throw Error(fmt::format("IPVS: a reply of {} bytes exceeds {}", n, buf.size()));
		if (from.nl_pid != 0)
			continue; // not the kernel
		Bytes rest(buf.data(), static_cast<size_t>(n));
		while (rest.size() >= sizeof(nlmsghdr)) {
			nlmsghdr h;
			std::memcpy(&h, rest.data(), sizeof h);
			if (h.nlmsg_len < sizeof h || h.nlmsg_len > rest.size())
				throw Error(fmt::format("malformed IPVS message: netlink header claims "
							"{} bytes, {} there",
							h.nlmsg_len, rest.size()));
			done |= take(h, rest.first(h.nlmsg_len));
			rest = rest.subspan(std::min<size_t>(NLMSG_ALIGN(h.nlmsg_len), rest.size()));
		}
	}
}

// Sends one request and hands each reply to `take`, up to the ACK (doit)
// or NLMSG_DONE (dump). Messages of other sequence numbers are stale
// answers to an earlier request and skipped. A reply `take` cannot decode
// is thrown only once the request is finished, so the socket is left clean.
template <typename Take>
void request(netlink::GenlSocket &sock, nl_msg *msg, int flags, Take &&take)
{
	int cmd = genlmsg_hdr(nlmsg_hdr(msg))->cmd;
	int fd = nl_socket_get_fd(sock.get());
	uint32_t seq = stamp(sock.get(), msg, flags);
	if (int err = send_datagram(fd, bytes_of(msg)))
		throw Error(fmt::format("IPVS {}: cannot send the request: {}", cmd_name(cmd),
					std::strerror(err)));
	std::exception_ptr failed;
	receive(fd, [&](const nlmsghdr &h, Bytes m) {
		if (h.nlmsg_seq != seq)
			return false;
		int err = 0;
		if (h.nlmsg_type == NLMSG_ERROR)
			err = decode_ack(m);
		else if (h.nlmsg_type == NLMSG_DONE)
			err = decode_done(m);
		else {
			if (h.nlmsg_type == sock.family_id() && !failed) {
				try {
					take(m);
				} catch (...) {
					failed = std::current_exception();
				}
			}
			return false;
		}
		if (err)
			throw KernelError(cmd, err);
		return true;
	});
	if (failed)
		std::rethrow_exception(failed);
}

// One request, one reply: GET_INFO, GET_CONFIG, GET_SERVICE of a key.
template <typename Decode>
auto ask(netlink::GenlSocket &sock, MsgPtr msg, Decode &&decode)
{
	std::optional<decltype(decode(Bytes{}))> reply;
	request(sock, msg.get(), NLM_F_ACK, [&](Bytes m) { reply = decode(m); });
	if (!reply)
		throw Error(fmt::format("IPVS {}: the kernel sent no reply",
					cmd_name(genlmsg_hdr(nlmsg_hdr(msg.get()))->cmd)));
	return *reply;
}

template <typename Decode>
auto dump(netlink::GenlSocket &sock, MsgPtr msg, Decode &&decode)
{
	std::vector<decltype(decode(Bytes{}))> all;
	request(sock, msg.get(), NLM_F_DUMP, [&](Bytes m) { all.push_back(decode(m)); });
	return all;
}

// Reads ACKs until each op of [lo, hi) has one. The kernel answers in
// order, but an ACK names its request only by sequence number, so that
// is what assigns it: never an error to the wrong op.
void collect(int fd, uint32_t first_seq, size_t lo, size_t hi, std::vector<int> &results)
{
	size_t pending = hi - lo;
	receive(fd, [&](const nlmsghdr &h, Bytes m) {
		size_t i = static_cast<uint32_t>(h.nlmsg_seq - first_seq);
		if (h.nlmsg_type != NLMSG_ERROR || i < lo || i >= hi || results[i] >= 0)
			return false; // stale, or a second answer
		results[i] = decode_ack(m);
		return --pending == 0;
	});
}

std::vector<int> run(netlink::GenlSocket &sock, std::span<const Op> ops)
{
	nl_sock *sk = sock.get();
	int fd = nl_socket_get_fd(sk);

	// Everything is encoded first, so a malformed op throws before the
	// kernel has seen any. Sequence numbers are consecutive from first_seq.
	std::vector<uint8_t> wire;
	std::vector<size_t> ends; // where each op's message ends in `wire`
	uint32_t first_seq = 0;
	for (size_t i = 0; i < ops.size(); i++) {
		auto msg = encode(sock.family_id(), ops[i]);
		uint32_t seq = stamp(sk, msg.get(), NLM_F_ACK);
		if (i == 0)
			first_seq = seq;
		Bytes b = bytes_of(msg.get());
		wire.insert(wire.end(), b.begin(), b.end());
		wire.resize(NLMSG_ALIGN(wire.size()));
		ends.push_back(wire.size());
	}

	std::vector<int> results(ops.size(), -1); // -1: no answer yet
	size_t max_ops = window(fd);
	for (size_t lo = 0, hi; lo < ops.size(); lo = hi) {
		size_t start = lo ? ends[lo - 1] : 0;
		hi = lo + 1;
		while (hi < ops.size() && hi - lo < max_ops && ends[hi] - start <= kMaxDatagram)
			hi++;
		int err = send_datagram(fd, Bytes(wire).subspan(start, ends[hi - 1] - start));
		if (err)
			std::fill(results.begin() + lo, results.begin() + hi, err);
		else
			collect(fd, first_seq, lo, hi, results);
	}
	return results;
}

// A kernel without IPVS is what a new user meets first: the error says
// how to load it, by hand or as ipvs-switch does, in one line (a log line).
netlink::GenlSocket open_ipvs()
{
	try {
		return netlink::GenlSocket(IPVS_GENL_NAME);
	} catch (const netlink::FamilyNotFound &) {
		throw Error("IPVS not found in the kernel: load it with 'modprobe ip_vs', or with 'ipvs-switch orig' "
			    "('ipvs-switch fnat' for full NAT)");
	}
}

} // namespace

Client::Client() : sock_(open_ipvs())
{
	configure(sock_.get());
}

Info Client::info()
{
	return ask(sock_, new_request(sock_.family_id(), IPVS_CMD_GET_INFO), decode_info);
}

Timeouts Client::timeouts()
{
	return ask(sock_, new_request(sock_.family_id(), IPVS_CMD_GET_CONFIG), decode_timeouts);
}

std::vector<Daemon> Client::daemons()
{
	return dump(sock_, new_request(sock_.family_id(), IPVS_CMD_GET_DAEMON), decode_daemon);
}

std::vector<Service> Client::services()
{
	return dump(sock_, new_request(sock_.family_id(), IPVS_CMD_GET_SERVICE), decode_service);
}

std::optional<Service> Client::service(const ServiceKey &key)
{
	auto msg = new_request(sock_.family_id(), IPVS_CMD_GET_SERVICE);
	put_service_key(msg.get(), key);
	try {
		return ask(sock_, std::move(msg), decode_service);
	} catch (const KernelError &e) {
		if (e.err() == ESRCH)
			return std::nullopt;
		throw;
	}
}

std::vector<Dest> Client::dests(const ServiceKey &key)
{
	auto msg = new_request(sock_.family_id(), IPVS_CMD_GET_DEST);
	put_service_key(msg.get(), key);
	return dump(sock_, std::move(msg), [&](Bytes m) { return decode_dest(m, key.af); });
}

std::vector<LocalAddr> Client::laddrs(const ServiceKey &key)
{
	auto msg = new_request(sock_.family_id(), IPVS_CMD_GET_LADDR);
	put_service_key(msg.get(), key);
	return dump(sock_, std::move(msg), [&](Bytes m) { return decode_laddr(m, key.af); });
}

namespace {

// How often GET_TABLE is read again while changes keep interrupting it.
// The last reading stands after that: services that changed during it may
// be in it or not, but the module sends every other one exactly once.
constexpr int kTableTries = 4;

// One GET_TABLE dump; `interrupted` when a part saw the table change.
std::vector<ServiceEntry> read_table(netlink::GenlSocket &sock, bool &interrupted)
{
	std::vector<ServiceEntry> table;
	std::set<ServiceKey> seen;
	bool skipping = false; // the items of a service already listed
	interrupted = false;
	request(sock, new_request(sock.family_id(), IPVS_CMD_GET_TABLE).get(), NLM_F_DUMP,
		[&](Bytes m) {
			nlmsghdr h;
			genlmsghdr g;
			if (m.size() < NLMSG_HDRLEN + sizeof g)
				throw Error("malformed IPVS table message: no generic-netlink header");
			std::memcpy(&h, m.data(), sizeof h);
			std::memcpy(&g, m.data() + NLMSG_HDRLEN, sizeof g);
			interrupted |= (h.nlmsg_flags & NLM_F_DUMP_INTR) != 0;
			if (g.cmd == IPVS_CMD_NEW_SERVICE) {
				Service svc = decode_service(m);
				// A service split over datagrams repeats its message; one
				// re-added during the dump may come twice: the first stands.
				bool next_part = !table.empty() && table.back().service.key == svc.key;
				skipping = !next_part && !seen.insert(svc.key).second;
				if (!next_part && !skipping)
					table.push_back({std::move(svc), {}});
				return;
			}
			if (table.empty())
				throw Error("malformed IPVS table: an item before any service");
			if (skipping)
				return;
			ServiceEntry &e = table.back();
			if (g.cmd == IPVS_CMD_NEW_DEST)
				e.dests.push_back(decode_dest(m, e.service.key.af));
			else if (g.cmd == IPVS_CMD_NEW_LADDR)
				e.laddrs.push_back(decode_laddr(m, e.service.key.af));
		});
	return table;
}

} // namespace

std::vector<ServiceEntry> Client::table()
{
	try {
		bool interrupted = true;
		std::vector<ServiceEntry> table;
		for (int i = 0; i < kTableTries && interrupted; i++)
			table = read_table(sock_, interrupted);
		return table;
	} catch (const KernelError &e) {
		if (e.err() != EOPNOTSUPP)
			throw KernelError(IPVS_CMD_GET_SERVICE, e.err());
	}
	std::vector<ServiceEntry> table;
	std::set<ServiceKey> seen;
	for (Service &s : services()) {
		if (!seen.insert(s.key).second)
			continue;
		try {
			auto dests = this->dests(s.key);
			table.push_back({std::move(s), std::move(dests)});
		} catch (const KernelError &e) {
			if (e.err() != ESRCH)
				throw;
			// deleted since the list was taken: not in the table
		}
	}
	return table;
}

void Client::execute(const Op &op)
{
	if (int err = run(sock_, std::span<const Op>(&op, 1))[0])
		throw KernelError(cmd_of(op), err);
}

std::vector<int> Client::execute(const std::vector<Op> &ops)
{
	return run(sock_, ops);
}

} // namespace lvs::ipvs
