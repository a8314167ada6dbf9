# SPDX-License-Identifier: GPL-2.0-only
#
# xvrrp in a container image (docs/deployment.md, "A privileged container").
#
#   podman build --runtime runc --network host --pull=never -t localhost/xvrrp:test .
#   docker build -t xvrrp .
#
# The build stage starts from bare Debian 12 and installs what it needs with
# the repository's own .ci/install-deps, as README.md tells a new machine to:
# building this image is the proof that those steps work from nothing.

FROM debian:bookworm-slim AS build
WORKDIR /src
# install-deps first, alone: its layer stays cached while the sources change.
COPY .ci/install-deps .ci/install-deps
RUN bash .ci/install-deps && apt-get clean && rm -rf /var/lib/apt/lists/*
COPY . .
RUN make

FROM debian:bookworm-slim
# The shared libraries xvrrp links against, and iproute2 for looking around
# (podman exec NAME ip addr). Add what the configuration's check and notify
# scripts call.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libbpf1 libelf1 zlib1g libnl-3-200 libnl-route-3-200 libjson-c5 libnettle8 iproute2 \
    && apt-get clean && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/xvrrp /usr/local/sbin/xvrrp
COPY --from=build /src/docs/xvrrp.8 /usr/local/share/man/man8/xvrrp.8
COPY --from=build /src/docs/xvrrp.conf.5 /usr/local/share/man/man5/xvrrp.conf.5

# xvrrp is PID 1: it handles SIGTERM itself (a master sends a priority-0
# advert, then the VIPs are removed and XDP detached; exit 0).
STOPSIGNAL SIGTERM
# What follows the image name replaces CMD and is appended to the entry
# point: `IMAGE eth0 --config /etc/xvrrp/lb.conf --config-id lb1` runs
# `xvrrp attach --foreground eth0 --config /etc/xvrrp/lb.conf --config-id lb1`.
ENTRYPOINT ["/usr/local/sbin/xvrrp", "attach", "--foreground"]
CMD ["--config", "/etc/xvrrp/keepalived.conf"]
