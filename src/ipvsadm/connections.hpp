// -c: the kernel's connection table, read from /proc/net/ip_vs_conn as
// 1.31 reads it (not over netlink, which has no connection listing).
#pragma once

#include "core/ipvs/model.hpp"
#include "ipvsadm/list.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::ipvsadm {

inline constexpr const char *kConnFile = "/proc/net/ip_vs_conn";

// One row, as 1.31's sscanf reads it: fields counts the fields read, and
// --persistent-conn shows the persistence engine's columns only when all
// 11 were there.
struct Connection {
	int fields = 0;
	std::string protocol;
	uint16_t proto = 0; // IPPROTO_TCP/UDP/SCTP, else 0
	net::Addr client, virt, dest;
	uint16_t cport = 0, vport = 0, dport = 0;
	std::string state;
	uint32_t expires = 0; // seconds
	std::string pe_name, pe_data;
};

// nullopt for a line with nothing on it (1.31 then exits with status 1).
std::optional<Connection> parse_connection(std::string_view line);

// --json: the rows as one document (JSON OUTPUT in man/ipvsadm.8).
std::string connections_json(const std::vector<Connection> &rows);
std::string connections_title(const Format &format);
std::string connection_row(const Connection &c, const Format &format, const Names &names);

// Lists the file at path: the title, then each row as it is read, or the
// whole as one JSON document. Throws Exit where 1.31 exits.
void list_connections(const std::string &path, const Format &format, const Names &names);

} // namespace lvs::ipvsadm
