/** The compiler's version, recorded in every bundle's manifest. Keep in step with package.json. */
export const COMPILER_VERSION = '0.1.0';
