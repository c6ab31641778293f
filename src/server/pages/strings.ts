/**
 * The managed login pages' words, per language (`lang`): English, and Spanish. Error messages
 * are Cognito's own (English), as Cognito shows them.
 */
export const STRINGS = {
  en: {
    signIn: 'Sign in',
    signInTitle: 'Sign in with your username and password',
    username: 'Username',
    password: 'Password',
    forgot: 'Forgot your password?',
    noAccount: 'Need an account?',
    signUp: 'Sign up',
    signUpTitle: 'Sign up with a new account',
    haveAccount: 'Already have an account?',
    confirmTitle: 'Confirm your account',
    confirmHint: 'We have sent a code by message. Enter it below to confirm your account.',
    code: 'Verification code',
    confirm: 'Confirm account',
    resetTitle: 'Forgot your password?',
    resetHint: 'Enter your username below and we will send a message to reset your password.',
    resetSend: 'Reset my password',
    resetConfirmTitle: 'Reset your password',
    resetConfirmHint: 'We have sent a password reset code. Enter it below to reset your password.',
    newPassword: 'New password',
    changePassword: 'Change password',
    newPasswordTitle: 'Change your password',
    newPasswordHint: 'Please enter a new password.',
    errorTitle: 'An error was encountered with the requested page.',
    signedOut: 'You have been signed out.',
    unsupportedChallenge: 'This sign-in step is not available on these pages yet.',
  },
  es: {
    signIn: 'Iniciar sesión',
    signInTitle: 'Inicie sesión con su nombre de usuario y contraseña',
    username: 'Nombre de usuario',
    password: 'Contraseña',
    forgot: '¿Ha olvidado su contraseña?',
    noAccount: '¿Necesita una cuenta?',
    signUp: 'Registrarse',
    signUpTitle: 'Regístrese con una cuenta nueva',
    haveAccount: '¿Ya tiene una cuenta?',
    confirmTitle: 'Confirme su cuenta',
    confirmHint: 'Le hemos enviado un código. Introdúzcalo a continuación para confirmar su cuenta.',
    code: 'Código de verificación',
    confirm: 'Confirmar cuenta',
    resetTitle: '¿Ha olvidado su contraseña?',
    resetHint: 'Introduzca su nombre de usuario y le enviaremos un mensaje para restablecer su contraseña.',
    resetSend: 'Restablecer mi contraseña',
    resetConfirmTitle: 'Restablezca su contraseña',
    resetConfirmHint: 'Le hemos enviado un código. Introdúzcalo a continuación para restablecer su contraseña.',
    newPassword: 'Contraseña nueva',
    changePassword: 'Cambiar contraseña',
    newPasswordTitle: 'Cambie su contraseña',
    newPasswordHint: 'Introduzca una contraseña nueva.',
    errorTitle: 'Se ha producido un error en la página solicitada.',
    signedOut: 'Ha cerrado la sesión.',
    unsupportedChallenge: 'Este paso del inicio de sesión aún no está disponible en estas páginas.',
  },
} as const;

export type Lang = keyof typeof STRINGS;
export type Strings = (typeof STRINGS)[Lang];

/** The page language a `lang` parameter asks for (`es`, `es-ES`, ...); English otherwise. */
export function langOf(value: string | undefined): Lang {
  const primary = (value ?? '').toLowerCase().split(/[-_]/)[0];
  return primary === 'es' ? 'es' : 'en';
}

/** Labels for the attributes the sign-up page may ask for. */
export const ATTRIBUTE_LABELS: Record<Lang, Record<string, string>> = {
  en: { email: 'Email', phone_number: 'Phone number', name: 'Name', given_name: 'Given name', family_name: 'Family name', birthdate: 'Birthdate', preferred_username: 'Preferred username' },
  es: { email: 'Correo electrónico', phone_number: 'Número de teléfono', name: 'Nombre', given_name: 'Nombre de pila', family_name: 'Apellidos', birthdate: 'Fecha de nacimiento', preferred_username: 'Nombre de usuario preferido' },
};
