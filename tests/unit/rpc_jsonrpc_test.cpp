// JSON-RPC on the server's side of the stream: requests cut out of any
// chunking, pipelined or one per connection; what cannot be called says
// why with JSON-RPC's codes; replies are one line each.
#include "core/rpc/jsonrpc.hpp"
#include "core/rpc/protocol.hpp"

#include <doctest/doctest.h>

using namespace lvs::rpc;

TEST_CASE("Framer: pipelined requests, split anywhere, braces inside strings")
{
	std::string a = R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"config":"vs { \"}\" \\ {"}})";
	std::string b = R"( [1,{"x":"]"}] )";
	std::string stream = a + "\n  " + b + "\n";
	for (size_t cut = 0; cut <= stream.size(); cut++) {
		Framer f;
		std::vector<std::string> got;
		f.feed(stream.substr(0, cut));
		while (auto t = f.next())
			got.push_back(*t);
		f.feed(stream.substr(cut));
		while (auto t = f.next())
			got.push_back(*t);
		REQUIRE(got.size() == 2);
		CHECK(got[0] == a);
		CHECK(got[1] == "[1,{\"x\":\"]\"}]");
		CHECK_FALSE(f.partial());
		CHECK_FALSE(f.broken());
	}
}

TEST_CASE("Framer: a cut-short request is partial; garbage and oversize are broken")
{
	Framer cut;
	cut.feed("{\"jsonrpc\":");
	CHECK_FALSE(cut.next());
	CHECK(cut.partial());

	Framer junk;
	junk.feed("hello {}");
	CHECK_FALSE(junk.next());
	REQUIRE(junk.broken());
	CHECK(junk.broken()->code == kParseError);

	Framer big;
	big.feed("{\"config\":\"");
	big.feed(std::string(kMaxRequest, 'x'));
	CHECK_FALSE(big.next());
	REQUIRE(big.broken());
	CHECK(big.broken()->code == kInvalidRequest);
}

TEST_CASE("decode: a call, a notification, and each way to be malformed")
{
	Call c = decode(R"({"jsonrpc":"2.0","id":"a","method":"virtual_server.get","params":{"port":80}})");
	CHECK_FALSE(c.failure);
	CHECK(c.id == "a");
	CHECK(c.method == "virtual_server.get");
	CHECK(c.params["port"] == 80);
	CHECK_FALSE(c.notification);

	Call n = decode(R"({"jsonrpc":"2.0","method":"m"})");
	CHECK_FALSE(n.failure);
	CHECK(n.notification);
	CHECK(n.params.is_object());

	auto code = [](const char *text) { return decode(text).failure.value_or(Failure{}).code; };
	CHECK(code("{\"jsonrpc\":\"2.0\",") == kParseError);
	CHECK(code(R"({"id":1,"method":"m"})") == kInvalidRequest);
	CHECK(code(R"({"jsonrpc":"1.0","id":1,"method":"m"})") == kInvalidRequest);
	CHECK(code(R"({"jsonrpc":"2.0","id":1})") == kInvalidRequest);
	CHECK(code(R"({"jsonrpc":"2.0","id":{},"method":"m"})") == kInvalidRequest);
	CHECK(code(R"([{"jsonrpc":"2.0","id":1,"method":"m"}])") == kInvalidRequest);
	CHECK(code(R"({"jsonrpc":"2.0","id":1,"method":"m","params":[1]})") == kInvalidParams);
	// The id survives a failure, so the reply can name it.
	CHECK(decode(R"({"jsonrpc":"2.0","id":7,"method":3})").id == 7);
}

TEST_CASE("replies: one line, result or error with the diagnostics")
{
	CHECK(reply(1, Json{{"service", "TCP 10.0.0.1:80"}}) ==
	      "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"service\":\"TCP 10.0.0.1:80\"}}\n");
	std::string e = reply(nullptr, Failure{-22, "bad", {"(x: Line 2) Unknown keyword 'y'"}});
	CHECK(e == "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-22,\"message\":\"bad\","
		   "\"data\":{\"diagnostics\":[\"(x: Line 2) Unknown keyword 'y'\"]}}}\n");
	// Text from a config in another encoding still makes a reply.
	CHECK(reply(1, Failure{-22, std::string("caf\xe9"), {}}).find("caf\xef\xbf\xbd") != std::string::npos);
}

TEST_CASE("Params: strings, ports and a fallback; the first problem is named")
{
	Json j{{"address", "10.0.0.1"}, {"port", 80}, {"bad", 70000}};
	Params p{j, std::nullopt};
	CHECK(p.text("address") == "10.0.0.1");
	CHECK(p.port("port") == 80);
	CHECK(p.text("protocol", "TCP") == "TCP");
	CHECK_FALSE(p.failure);
	p.port("bad");
	p.text("missing");
	REQUIRE(p.failure);
	CHECK(p.failure->code == kInvalidParams);
	CHECK(p.failure->message == "\"bad\" must be a port number, 0-65535");
}
