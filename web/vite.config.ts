/**
 * Vite build of the OneWindow web shell. Root is web/, output web/dist (served by src/server/app.ts
 * with an SPA fallback). Vendor code is split into stable groups so no chunk gets huge and the
 * framework chunks stay cached across releases.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Which vendor group a module belongs to; null lets rolldown decide (route chunks). */
function vendorGroup(id: string): string | null {
  const m = /node_modules[\\/](@[^\\/]+[\\/][^\\/]+|[^\\/]+)/.exec(id)
  if (!m) return null
  const pkg = m[1]!.replace(/\\/g, '/')
  if (['react', 'react-dom', 'scheduler', 'react-router', 'react-router-dom', 'cookie', 'set-cookie-parser'].includes(pkg)) return 'react'
  if (pkg === '@tanstack/query-core' || pkg === '@tanstack/react-query') return 'query'
  if (pkg === '@ant-design/icons' || pkg === '@ant-design/icons-svg') return 'icons'
  if (pkg === 'dayjs') return 'dayjs'
  if (pkg === 'echarts' || pkg === 'zrender') return 'echarts'
  // antd's components are left to the route chunks that use them; its shared core is grouped
  if (pkg === 'antd' || pkg.startsWith('@rc-component/') || pkg.startsWith('rc-')) return null
  if (pkg.startsWith('@ant-design/') || pkg.startsWith('@emotion/') || pkg === 'stylis' || pkg === 'classnames' || pkg === 'clsx') return 'antd-style'
  return 'vendor'
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // rolldown names a shared chunk after one of its modules ("api", "format"); call the ones
        // that are mostly antd components what they are
        chunkFileNames: (chunk) => {
          const ids = chunk.moduleIds
          const antd = ids.filter((id) => /node_modules[\\/](antd|@rc-component)[\\/]/.test(id)).length
          const isPage = !!chunk.facadeModuleId && chunk.facadeModuleId.includes(`${path.sep}routes${path.sep}`)
          return !isPage && ids.length > 0 && antd / ids.length > 0.5 ? 'assets/antd-parts-[hash].js' : 'assets/[name]-[hash].js'
        },
        codeSplitting: {
          groups: [
            { name: (id: string) => vendorGroup(id), debugName: 'vendor-groups', test: /node_modules/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
})
