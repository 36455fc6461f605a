# syntax=docker/dockerfile:1
# The Tuner image: one image for both roles, chosen by the command:
#   docker run IMAGE coordinator      docker run IMAGE worker      docker run IMAGE --help
# Build (docs/deploy.md):  docker build -t REGISTRY/tuner:VERSION .
# Multi-arch:              docker buildx build --platform linux/amd64,linux/arm64 -t ... --push .
# tests/Cli.Tests/Deploy/DockerfileTests.cs checks this file and runs its build commands.

# --- build: the SDK, on the builder's own platform (no emulation), publishing for the target's ---
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Set by BuildKit from --platform (amd64, arm64); dotnet accepts these names for -a.
ARG TARGETARCH
WORKDIR /src

# Restore first, from the project files alone, so the package layer is reused while only code changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Contracts/Tuner.Contracts.csproj src/Contracts/
COPY src/Engine/Tuner.Engine.csproj src/Engine/
COPY src/Training/Tuner.Training.csproj src/Training/
COPY src/Runtime/Tuner.Runtime.csproj src/Runtime/
COPY src/Coordinator/Tuner.Coordinator.csproj src/Coordinator/
COPY src/Worker/Tuner.Worker.csproj src/Worker/
COPY src/Cli/Tuner.Cli.csproj src/Cli/
# A runtime identifier (linux-x64, linux-arm64): the native libraries (SQLite, LMDB) of that platform only.
RUN dotnet restore src/Cli/Tuner.Cli.csproj -a $TARGETARCH

COPY src/ src/
# Framework-dependent: the runtime image below brings .NET and ASP.NET Core.
RUN dotnet publish src/Cli/Tuner.Cli.csproj -c Release -a $TARGETARCH --self-contained false --no-restore -o /app

# --- runtime: ASP.NET Core runtime only (the coordinator's API runs on it) ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The coordinator's API listens here unless TUNER_HTTP says otherwise; 4053 is the Akka.Remote port
# (TUNER_PORT) the manifests use, 8558 the management endpoint (TUNER_MANAGEMENT_PORT). The base image's ASPNETCORE_HTTP_PORTS=8080 is cleared: Tuner binds
# TUNER_HTTP itself, and ASP.NET Core would warn at every start that it overrides HTTP_PORTS.
ENV TUNER_HTTP=http://0.0.0.0:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080 4053 8558
# The image's non-root user (uid 1654, `app`); numeric so Kubernetes can verify runAsNonRoot.
USER $APP_UID
# Exec form: dotnet is PID 1 and receives SIGTERM itself, which starts the graceful leave
# (a coordinator hands the singleton over, a worker hands its trials back).
ENTRYPOINT ["dotnet", "tuner.dll"]
CMD ["--help"]
