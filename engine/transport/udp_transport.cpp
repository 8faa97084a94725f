#include "transport/udp_transport.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>
#include <vector>

namespace sw::transport {

namespace {
constexpr std::size_t k_batch = 32;
constexpr std::size_t k_datagram = 65535;
constexpr int k_socket_buffer = 4 * 1024 * 1024;
constexpr std::size_t k_send_arena = 256 * 1024;

std::system_error socket_error(const char* what) { return {errno, std::generic_category(), what}; }
}  // namespace

struct udp_transport::impl {
  impl(runtime::worker& w) : worker(w), descriptor(w.io()) {}

  runtime::worker& worker;
  boost::asio::posix::stream_descriptor descriptor;
  int fd = -1;
  endpoint local;
  counters stats;
  // Receive buffers for one recvmmsg batch, allocated once.
  std::vector<char> buffers = std::vector<char>(k_batch * k_datagram);
  std::array<mmsghdr, k_batch> headers{};
  std::array<iovec, k_batch> iovecs{};
  std::array<sockaddr_storage, k_batch> sources{};
  sip::message message;
  bool closed = false;

  // The send batch: datagrams copied into one arena, flushed by sendmmsg.
  std::vector<char> out_arena = std::vector<char>(k_send_arena);
  std::size_t out_used = 0;
  std::size_t out_count = 0;
  std::array<mmsghdr, k_batch> out_headers{};
  std::array<iovec, k_batch> out_iovecs{};
  std::array<endpoint, k_batch> out_to{};
  bool flush_posted = false;
};

udp_transport::udp_transport(runtime::worker& w, const endpoint& local, bool reuse_port)
    : impl_(std::make_unique<impl>(w)) {
  const int family = local.is_v6() ? AF_INET6 : AF_INET;
  const int fd = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw socket_error("socket");
  const int one = 1;
  if (reuse_port) ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  // Large buffers absorb bursts at high call rates; the kernel caps them at rmem_max.
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &k_socket_buffer, sizeof k_socket_buffer);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &k_socket_buffer, sizeof k_socket_buffer);
  if (::bind(fd, local.address(), local.size) != 0) {
    const auto e = socket_error("bind");
    ::close(fd);
    throw e;
  }
  impl_->local.size = sizeof impl_->local.storage;
  ::getsockname(fd, impl_->local.address(), &impl_->local.size);
  impl_->fd = fd;
  impl_->descriptor.assign(fd);
  for (std::size_t i = 0; i < k_batch; ++i) {
    impl_->iovecs[i] = {impl_->buffers.data() + i * k_datagram, k_datagram};
    impl_->headers[i].msg_hdr.msg_iov = &impl_->iovecs[i];
    impl_->headers[i].msg_hdr.msg_iovlen = 1;
    impl_->headers[i].msg_hdr.msg_name = &impl_->sources[i];
  }
}

udp_transport::~udp_transport() {
  flush();
  close();
}

const endpoint& udp_transport::local() const noexcept { return impl_->local; }
const udp_transport::counters& udp_transport::stats() const noexcept { return impl_->stats; }

void udp_transport::close() {
  if (impl_->closed) return;
  impl_->closed = true;
  boost::system::error_code ignored;
  impl_->descriptor.cancel(ignored);
  impl_->descriptor.close(ignored);  // closes the fd
}

std::error_code udp_transport::send(const endpoint& to, std::string_view bytes) {
  auto& s = *impl_;
  if (s.closed) return std::make_error_code(std::errc::not_connected);
  if (bytes.size() > k_datagram) {
    ++s.stats.send_errors;
    return std::make_error_code(std::errc::message_size);
  }
  if (s.out_count == k_batch || s.out_used + bytes.size() > s.out_arena.size()) flush();
  char* at = s.out_arena.data() + s.out_used;
  std::memcpy(at, bytes.data(), bytes.size());
  s.out_used += bytes.size();
  const std::size_t i = s.out_count++;
  s.out_to[i] = to;
  s.out_iovecs[i] = {at, bytes.size()};
  s.out_headers[i] = {};
  s.out_headers[i].msg_hdr.msg_iov = &s.out_iovecs[i];
  s.out_headers[i].msg_hdr.msg_iovlen = 1;
  s.out_headers[i].msg_hdr.msg_name = &s.out_to[i].storage;
  s.out_headers[i].msg_hdr.msg_namelen = s.out_to[i].size;
  if (!s.flush_posted) {
    s.flush_posted = true;
    boost::asio::post(s.worker.io(), [weak = std::weak_ptr<impl>(impl_), this] {
      if (auto alive = weak.lock()) {
        alive->flush_posted = false;
        flush();
      }
    });
  }
  return {};
}

void udp_transport::flush() {
  auto& s = *impl_;
  std::size_t done = 0;
  while (done < s.out_count && !s.closed) {
    const int n = ::sendmmsg(s.fd, s.out_headers.data() + done, static_cast<unsigned>(s.out_count - done), 0);
    ++s.stats.send_batches;
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      s.stats.sent += static_cast<std::uint64_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // The datagram at `done` failed: the transaction waiting on its peer hears why, the rest
    // still goes.
    const std::error_code ec(errno == EAGAIN ? ENOBUFS : errno, std::generic_category());
    ++s.stats.send_errors;
    const endpoint to = s.out_to[done];
    ++done;
    if (sink_) sink_->on_transport_error(to, ec, *this);
  }
  s.out_count = 0;
  s.out_used = 0;
}

void udp_transport::start() {
  if (impl_->closed) return;
  impl_->descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                               [this, weak = std::weak_ptr<impl>(impl_)](const boost::system::error_code& ec) {
                                 // The transport may be gone: touch nothing before this check.
                                 const auto alive = weak.lock();
                                 if (ec || !alive || alive->closed) return;
                                 auto& s = *impl_;
                                 for (;;) {
                                   for (auto& h : s.headers) h.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
                                   const int n = ::recvmmsg(s.fd, s.headers.data(), k_batch, MSG_DONTWAIT, nullptr);
                                   if (n <= 0) break;
                                   for (int i = 0; i < n && !s.closed; ++i) {
                                     endpoint from;
                                     from.size = std::min<socklen_t>(s.headers[i].msg_hdr.msg_namelen, sizeof from.storage);
                                     std::memcpy(&from.storage, &s.sources[i], from.size);
                                     const std::string_view bytes(static_cast<const char*>(s.iovecs[i].iov_base),
                                                                  s.headers[i].msg_len);
                                     ++s.stats.received;
                                     const sip::parse_error e = s.message.parse(bytes);
                                     if (!sink_) continue;
                                     if (e) {
                                       ++s.stats.malformed;
                                       sink_->on_malformed(s.message, e, from, *this);
                                     } else {
                                       sink_->on_message(s.message, from, *this);
                                     }
                                   }
                                   if (n < static_cast<int>(k_batch) || s.closed) break;
                                 }
                                 start();
                               });
}

}  // namespace sw::transport
