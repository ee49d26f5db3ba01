# The CLI as a container image: compiled in the Deno image, run from a
# minimal glibc base as a non-root user. With DISTROPACK_API_TOKEN in the
# environment it needs no config file:
#
#   docker run --rm -e DISTROPACK_API_TOKEN -v "$PWD:/work" -w /work \
#     ghcr.io/distropack/distropack-cli:2.0.0 build --version 1.2.3 ...
#
# (2.0.0: a release of this CLI; 1.2.3: your app's version.)

ARG DENO_VERSION=2.9.6

# Compile on the build machine's own platform for the image's platform, so a
# multi-platform build needs no emulation.
FROM --platform=$BUILDPLATFORM denoland/deno:${DENO_VERSION} AS build
ARG TARGETARCH
WORKDIR /src
COPY deno.json deno.lock ./
RUN deno install --frozen
COPY main.ts ./
COPY src/ ./src/
COPY scripts/ ./scripts/
# The man page the release archives carry too (written by `deno task docs`).
COPY docs/distropack-cli.1 ./docs/
# Built as the released binaries are (compile:all): the code-split bundle,
# with the cli permission set from deno.json and every chunk the CLI loads on
# first use.
RUN case "$TARGETARCH" in \
      amd64) target=x86_64-unknown-linux-gnu binary=distropack-cli-linux-x86_64 ;; \
      arm64) target=aarch64-unknown-linux-gnu binary=distropack-cli-linux-aarch64 ;; \
      *) echo "No Deno runtime for linux/$TARGETARCH" >&2; exit 1 ;; \
    esac \
 && deno task compile:all --target "$target" --out /out \
 && mv "/out/$binary" /out/distropack-cli

# glibc, libgcc and CA certificates, no shell, user nonroot (65532) with HOME=/home/nonroot.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/distropack-cli /usr/local/bin/distropack-cli
COPY --from=build /src/docs/distropack-cli.1 /usr/local/share/man/man1/distropack-cli.1
USER nonroot
ENV CI=true
ENTRYPOINT ["/usr/local/bin/distropack-cli"]
CMD ["--help"]
