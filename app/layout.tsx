import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = { title: "Tapestry", description: "Self-hosted, CleverTap-compatible user profiles" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
