#!/usr/bin/env bash
# Builds stand-ins for the two images docker/compose.yaml pulls from registries, for a machine
# that reaches none: Kratos v1.3.1 from kratos/install.sh's binary, and the project's mail catcher
# in place of Mailpit, both on docker/base-images.sh's Debian base images. Prints the environment
# that points docker/compose.yaml at them:
#
#   eval "$(bash docker/stand-in-images.sh)" && podman-compose -f docker/compose.yaml up
#
# Needs podman and what docker/base-images.sh and kratos/install.sh need.
set -euo pipefail
cd "$(dirname "$0")/.."

kratos_image="${STACKSPIN_KRATOS_IMAGE:-localhost/stackspin-admin-kratos:v1.3.1}"
mail_image="${STACKSPIN_MAIL_IMAGE:-localhost/stackspin-admin-mailcatcher:local}"

read -r -a base_args < <(bash docker/base-images.sh | tail -n 1)
jdk_base="${base_args[1]#BUILD_IMAGE=}"
jre_base="${base_args[3]#RUNTIME_IMAGE=}"
kratos_bin="$(bash kratos/install.sh | tail -n 1)"

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp "$kratos_bin" "$context/kratos"
podman build --quiet --format docker --runtime runc --network host --build-arg BASE_IMAGE="$jre_base" \
  -f docker/stand-ins/kratos.Dockerfile -t "$kratos_image" "$context" >/dev/null
podman build --quiet --format docker --runtime runc --network host --build-arg BASE_IMAGE="$jdk_base" \
  -f docker/stand-ins/mailcatcher.Dockerfile -t "$mail_image" kratos >/dev/null

echo "export KRATOS_IMAGE=$kratos_image MAILPIT_IMAGE=$mail_image"
