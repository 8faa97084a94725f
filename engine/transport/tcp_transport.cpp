#include "transport/tcp_transport.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <cstring>
#include <deque>
#include <map>
#include <vector>

#include "sip/framing.hpp"

namespace sw::transport {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

tcp::endpoint to_asio(const endpoint& e) {
  tcp::endpoint out;
  std::memcpy(out.data(), &e.storage, e.size);
  out.resize(e.size);
  return out;
}

endpoint from_asio(const tcp::endpoint& e) {
  endpoint out;
  std::memcpy(&out.storage, e.data(), e.size());
  out.size = static_cast<socklen_t>(e.size());
  return out;
}

struct endpoint_less {
  bool operator()(const endpoint& a, const endpoint& b) const noexcept {
    if (a.size != b.size) return a.size < b.size;
    return std::memcmp(&a.storage, &b.storage, a.size) < 0;
  }
};

constexpr std::size_t k_read_chunk = 16 * 1024;

}  // namespace

struct connection;

struct tcp_transport::impl : std::enable_shared_from_this<tcp_transport::impl> {
  impl(runtime::worker& w, tcp_transport& owner) : worker(w), self(owner), acceptor(w.io()) {}

  runtime::worker& worker;
  tcp_transport& self;
  tcp::acceptor acceptor;
  endpoint local;
  counters stats;
  std::map<endpoint, std::shared_ptr<connection>, endpoint_less> peers;
  sip::message message;
  bool closed = false;

  void accept();
  void drop(const std::shared_ptr<connection>& c, std::error_code reason);
};

// One TCP connection: its socket, what arrived and is not framed yet, and what waits to go.
struct connection : std::enable_shared_from_this<connection> {
  connection(tcp_transport::impl& t, tcp::socket s, endpoint p)
      : owner(t.shared_from_this()), socket(std::move(s)), peer(p) {}

  std::weak_ptr<tcp_transport::impl> owner;
  tcp::socket socket;
  endpoint peer;
  std::vector<char> inbox;
  std::size_t used = 0;
  std::deque<std::string> outbox;
  bool up = false;
  bool writing = false;
  bool dead = false;

  void read();
  void deliver(tcp_transport::impl& t);
  void write();
};

void connection::read() {
  if (inbox.size() - used < k_read_chunk) inbox.resize(used + k_read_chunk);
  socket.async_read_some(asio::buffer(inbox.data() + used, inbox.size() - used),
                         [c = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                           auto t = c->owner.lock();
                           if (!t || c->dead) return;
                           if (ec) {
                             t->drop(c, ec == asio::error::eof ? std::error_code{} : std::error_code(ec));
                             return;
                           }
                           c->used += n;
                           c->deliver(*t);
                           if (!c->dead) c->read();
                         });
}

void connection::deliver(tcp_transport::impl& t) {
  std::size_t offset = 0;
  const sip::parse_options stream{.stream = true};
  while (offset < used && !dead) {
    const std::string_view pending(inbox.data() + offset, used - offset);
    const sip::frame_result f = sip::frame(pending, stream);
    if (f.kind == sip::frame_kind::need_more) break;
    if (f.kind == sip::frame_kind::keepalive_ping) {
      ++t.stats.keepalives;
      outbox.emplace_back("\r\n");  // RFC 5626 §4.4.1: the pong
      write();
    } else if (f.kind == sip::frame_kind::garbage) {
      // The stream cannot be resynchronized (RFC 4475 3.1.2.3, 3.3.9): count, tell, close.
      ++t.stats.malformed;
      t.message.parse(pending, stream);
      if (t.self.receiver()) t.self.receiver()->on_malformed(t.message, f.error, peer, t.self);
      t.drop(shared_from_this(), std::make_error_code(std::errc::protocol_error));
      return;
    } else if (f.kind == sip::frame_kind::message) {
      ++t.stats.received;
      const sip::parse_error e = t.message.parse(pending.substr(0, f.size), stream);
      if (t.self.receiver()) {
        if (e) {
          ++t.stats.malformed;
          t.self.receiver()->on_malformed(t.message, e, peer, t.self);
        } else {
          t.self.receiver()->on_message(t.message, peer, t.self);
        }
      }
    }
    offset += f.size;
  }
  if (offset > 0 && !dead) {
    std::memmove(inbox.data(), inbox.data() + offset, used - offset);
    used -= offset;
  }
}

void connection::write() {
  if (!up || writing || outbox.empty() || dead) return;
  writing = true;
  asio::async_write(socket, asio::buffer(outbox.front()),
                    [c = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      c->writing = false;
                      auto t = c->owner.lock();
                      if (!t || c->dead) return;
                      if (ec) {
                        t->drop(c, ec);
                        return;
                      }
                      ++t->stats.sent;
                      c->outbox.pop_front();
                      c->write();
                    });
}

void tcp_transport::impl::drop(const std::shared_ptr<connection>& c, std::error_code reason) {
  if (c->dead) return;
  c->dead = true;
  ++stats.closed;
  boost::system::error_code ignored;
  c->socket.close(ignored);
  const auto it = peers.find(c->peer);
  if (it != peers.end() && it->second == c) peers.erase(it);
  // Whatever still waited to be sent is lost: the transactions behind it must hear why.
  if (reason && self.receiver()) self.receiver()->on_transport_error(c->peer, reason, self);
}

void tcp_transport::impl::accept() {
  acceptor.async_accept([t = shared_from_this()](const boost::system::error_code& ec, tcp::socket s) {
    if (t->closed) return;
    if (!ec) {
      boost::system::error_code peer_ec;
      const endpoint peer = from_asio(s.remote_endpoint(peer_ec));
      if (!peer_ec) {
        ++t->stats.accepted;
        s.set_option(tcp::no_delay(true), peer_ec);
        auto c = std::make_shared<connection>(*t, std::move(s), peer);
        c->up = true;
        t->peers[peer] = c;
        c->read();
      }
    }
    t->accept();
  });
}

tcp_transport::tcp_transport(runtime::worker& w, const endpoint& local) : impl_(std::make_shared<impl>(w, *this)) {
  const tcp::endpoint at = to_asio(local);
  impl_->acceptor.open(at.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(at);  // throws boost::system::system_error, a std::system_error
  impl_->acceptor.listen();
  impl_->local = from_asio(impl_->acceptor.local_endpoint());
}

tcp_transport::~tcp_transport() { close(); }

const endpoint& tcp_transport::local() const noexcept { return impl_->local; }
const tcp_transport::counters& tcp_transport::stats() const noexcept { return impl_->stats; }
std::size_t tcp_transport::connections() const noexcept { return impl_->peers.size(); }

void tcp_transport::start() { impl_->accept(); }

void tcp_transport::close() {
  if (impl_->closed) return;
  impl_->closed = true;
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
  auto peers = std::move(impl_->peers);
  for (auto& [peer, c] : peers) {
    c->dead = true;
    c->socket.close(ignored);
  }
}

std::error_code tcp_transport::send(const endpoint& to, std::string_view bytes) {
  if (impl_->closed) return std::make_error_code(std::errc::not_connected);
  auto& slot = impl_->peers[to];
  if (!slot) {
    // No connection to this peer yet: open one (RFC 3261 §18.1.1) and queue the bytes.
    tcp::socket s(impl_->worker.io());
    slot = std::make_shared<connection>(*impl_, std::move(s), to);
    auto c = slot;
    c->outbox.emplace_back(bytes);
    c->socket.async_connect(to_asio(to), [c](const boost::system::error_code& ec) {
      auto t = c->owner.lock();
      if (!t || c->dead) return;
      if (ec) {
        ++t->stats.connect_failures;
        t->drop(c, ec);
        return;
      }
      ++t->stats.connected;
      boost::system::error_code ignored;
      c->socket.set_option(tcp::no_delay(true), ignored);
      c->up = true;
      c->write();
      c->read();
    });
    return {};
  }
  slot->outbox.emplace_back(bytes);
  slot->write();
  return {};
}

}  // namespace sw::transport
