import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import type { PluginObj, types as BabelTypes } from '@babel/core'
import type Chain from 'webpack-chain'
import devConfig from './dev'
import prodConfig from './prod'
import { runtimeEnv } from './runtime-env'

// The mini-program compiles TypeScript from the repo's root `shared/` (zod schemas, domain code).
const sharedRoot = path.resolve(__dirname, '..', '..', 'shared')
// …and from the root `config/` (the rulesets, as data the rules engine reads).
const configRoot = path.resolve(__dirname, '..', '..', 'config')
// zod 4 and chinese-days ship modern syntax (optional chaining, ESM) that must be transpiled for WeChat.
const transpiledPackages = (file: string): boolean => /node_modules[\\/](zod|chinese-days)[\\/]/.test(file)

// chinese-days' `module` build is ESM inside a "type": "commonjs" package.
function chineseDaysAsAuto(chain: Chain): void {
  chain.module
    .rule('chinese-days-esm')
    .test(/node_modules[\\/]chinese-days[\\/].*\.js$/)
    .type('javascript/auto')
}

/**
 * zod builds the ranges of z.int64() / z.uint64() with BigInt("…") when its util module loads, and iOS < 14 has no
 * BigInt (supported-clients.ts): the mini-program would die at launch. Only bigint schemas read those ranges, and they
 * cannot work there anyway (we use none): the table is built where BigInt exists and is empty elsewhere. Everything
 * else in zod is untouched. A zod release that moves the table fails the build here instead of shipping the crash.
 */
function zodBigIntRangesOnlyWithBigInt({ types: t }: { types: typeof BabelTypes }): PluginObj<{ found: boolean }> {
  return {
    name: 'zod-bigint-ranges-only-with-bigint',
    pre() {
      this.found = false
    },
    visitor: {
      VariableDeclarator(declarator) {
        const { id, init } = declarator.node
        if (!t.isIdentifier(id, { name: 'BIGINT_FORMAT_RANGES' }) || !init) return
        declarator.node.init = t.conditionalExpression(
          t.binaryExpression('===', t.unaryExpression('typeof', t.identifier('BigInt')), t.stringLiteral('function')),
          init,
          t.objectExpression([]),
        )
        declarator.skip()
        this.found = true
      },
    },
    post(file) {
      if (!this.found) throw new Error(`${file.opts.filename}: zod's BIGINT_FORMAT_RANGES not found; see config/index.ts`)
    },
  }
}

function zodWithoutBigIntAtLoad(chain: Chain): void {
  chain.module
    .rule('zod-bigint-ranges')
    .test(/node_modules[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/)
    .enforce('pre')
    .use('babel')
    .loader('babel-loader')
    .options({ babelrc: false, configFile: false, plugins: [zodBigIntRangesOnlyWithBigInt] })
}

// ZHIJIA_TARO_OUTPUT (an absolute folder) lets the tests build beside the developer's own dist without touching it.
const outputRoot = (process.env.ZHIJIA_TARO_OUTPUT ?? '').trim() || `dist/${process.env.TARO_ENV}`

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'zhigong-zhijia',
    date: '2025-11-21',
    // NutUI React Taro is drawn at 375; our own styles use Taro's 750 design width.
    designWidth(input) {
      if (typeof input === 'object' && input?.file?.replace(/\\+/g, '/').includes('@nutui')) {
        return 375
      }
      return 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot,
    plugins: [],
    alias: {
      '@shared': sharedRoot,
      '@config': configRoot,
    },
    // TARO_APP_STAGE, TARO_APP_API_BASE and (prod) TARO_APP_ID checked before anything compiles (runtime-env.ts).
    env: runtimeEnv(process.env),
    defineConstants: {},
    // WeChat reads sitemap.json (app.json's sitemapLocation) beside app.json; H5 has no use for it.
    copy: { patterns: process.env.TARO_ENV === 'weapp' ? [{ from: 'src/sitemap.json', to: path.join(outputRoot, 'sitemap.json') }] : [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    // Taro's default terser output escapes every Chinese character as \uXXXX (6 bytes instead of 3); the rulesets
    // are mostly Chinese text, so keeping UTF-8 saves ~48 KB. WeChat reads UTF-8 sources.
    terser: { enable: true, config: { output: { ascii_only: false } } },
    mini: {
      compile: { include: [sharedRoot, configRoot, transpiledPackages] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chineseDaysAsAuto(chain)
        zodWithoutBigIntAtLoad(chain)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedRoot, configRoot, transpiledPackages] },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chineseDaysAsAuto(chain)
        // Taro splits only initial chunks on H5, so every lazily loaded page would carry its own copy of
        // zod, NutUI and the services (~190 KB each). Share them between pages instead.
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' })
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
