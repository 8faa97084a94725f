#include "transport/udp_transport.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <cstring>
#include <vector>

namespace sw::transport {

namespace {
constexpr std::size_t k_batch = 32;
constexpr std::size_t k_datagram = 65535;
constexpr int k_socket_buffer = 4 * 1024 * 1024;

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
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&local.storage), local.size) != 0) {
    const auto e = socket_error("bind");
    ::close(fd);
    throw e;
  }
  impl_->local.size = sizeof impl_->local.storage;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&impl_->local.storage), &impl_->local.size);
  impl_->fd = fd;
  impl_->descriptor.assign(fd);
  for (std::size_t i = 0; i < k_batch; ++i) {
    impl_->iovecs[i] = {impl_->buffers.data() + i * k_datagram, k_datagram};
    impl_->headers[i].msg_hdr.msg_iov = &impl_->iovecs[i];
    impl_->headers[i].msg_hdr.msg_iovlen = 1;
    impl_->headers[i].msg_hdr.msg_name = &impl_->sources[i];
  }
}

udp_transport::~udp_transport() { close(); }

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
  const ssize_t n = ::sendto(impl_->fd, bytes.data(), bytes.size(), 0,
                             reinterpret_cast<const sockaddr*>(&to.storage), to.size);
  if (n < 0) {
    ++impl_->stats.send_errors;
    return {errno, std::generic_category()};
  }
  ++impl_->stats.sent;
  return {};
}

void udp_transport::start() {
  if (impl_->closed) return;
  impl_->descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                               [this](const boost::system::error_code& ec) {
                                 if (ec || impl_->closed) return;
                                 auto& s = *impl_;
                                 for (;;) {
                                   for (auto& h : s.headers) h.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
                                   const int n = ::recvmmsg(s.fd, s.headers.data(), k_batch, MSG_DONTWAIT, nullptr);
                                   if (n <= 0) break;
                                   for (int i = 0; i < n && !s.closed; ++i) {
                                     endpoint from;
                                     std::memcpy(&from.storage, &s.sources[i], sizeof(sockaddr_storage));
                                     from.size = s.headers[i].msg_hdr.msg_namelen;
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
