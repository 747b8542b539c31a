# Stand-in for oryd/kratos:v1.3.1 where no image registry is reachable: the same Kratos v1.3.1,
# built from its Go module by kratos/install.sh, on a Debian base. Same entry point, user (10000)
# and sqlite directory as Ory's image, so docker/compose.yaml runs it unchanged
# (KRATOS_IMAGE=...). Built by docker/stand-in-images.sh; the build context holds only the binary.
ARG BASE_IMAGE=localhost/stackspin-admin-base:bookworm-jre17
FROM ${BASE_IMAGE}
COPY kratos /usr/bin/kratos
RUN groupadd --system --gid 10000 ory \
 && useradd --system --uid 10000 --gid 10000 --no-create-home --shell /usr/sbin/nologin ory \
 && mkdir -p /var/lib/sqlite \
 && chown 10000:10000 /var/lib/sqlite
USER 10000:10000
ENTRYPOINT ["kratos"]
CMD ["serve"]
