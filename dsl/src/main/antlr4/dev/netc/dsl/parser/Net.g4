/*
 * Syntax of .net files (design section 3). The grammar knows statements, expressions,
 * arguments and blocks, never op names: `dense`, `relu`, `adam` are plain identifiers that the
 * checker resolves against the op catalogue. Malformed tokens (bad numbers, unterminated
 * strings and comments, stray characters) are lexed into dedicated token types so that the
 * front end can report them in plain words instead of ANTLR's generic messages.
 */
grammar Net;

// ---------------------------------------------------------------- parser

compilationUnit : topLevel* EOF ;

topLevel
    : importDecl
    | blockDecl
    | networkDecl
    ;

importDecl  : IMPORT path=STRING ';' ;

blockDecl   : BLOCK name=IDENT '(' params? ')' '{' member* '}' ;

params      : IDENT (',' IDENT)* ;

networkDecl : NETWORK name=IDENT '{' member* '}' ;

member
    : inputDecl
    | outputDecl
    | lossDecl
    | optimizerDecl
    | trainingDecl
    | returnStmt
    | valueStmt
    ;

inputDecl     : INPUT name=IDENT ':' type=IDENT '[' dim (',' dim)* ']' ';' ;

dim           : number ;

outputDecl    : OUTPUT IDENT (',' IDENT)* ';' ;

lossDecl      : LOSS expr ';' ;

optimizerDecl : OPTIMIZER expr ';' ;

trainingDecl  : TRAINING '{' setting* '}' ;

setting
    : key=IDENT ':' expr ';'
    | call ';'
    ;

returnStmt    : RETURN chain ';' ;

valueStmt     : (name=IDENT '=')? chain ';' ;

chain         : expr ('->' expr)* ;

expr
    : call
    | ident
    | number
    | string
    | list
    ;

call   : name=IDENT '(' (arg (',' arg)*)? ')' ;

arg    : (name=IDENT ':')? expr ;

ident  : IDENT ;

number : MINUS? (NUMBER | BAD_NUMBER) ;

string : STRING ;

list   : '[' (expr (',' expr)*)? ']' ;

// ---------------------------------------------------------------- lexer

NETWORK   : 'network' ;
INPUT     : 'input' ;
OUTPUT    : 'output' ;
LOSS      : 'loss' ;
OPTIMIZER : 'optimizer' ;
TRAINING  : 'training' ;
BLOCK     : 'block' ;
IMPORT    : 'import' ;
RETURN    : 'return' ;

ARROW     : '->' ;
MINUS     : '-' ;
LPAREN    : '(' ;
RPAREN    : ')' ;
LBRACE    : '{' ;
RBRACE    : '}' ;
LBRACK    : '[' ;
RBRACK    : ']' ;
COMMA     : ',' ;
SEMI      : ';' ;
COLON     : ':' ;
ASSIGN    : '=' ;

IDENT     : [a-zA-Z_] [a-zA-Z_0-9]* ;

// 42, 0.5, 1e-4, 2.5E3 (a leading minus is a separate token, see `number`)
NUMBER    : DIGITS ('.' DIGITS)? ([eE] [+-]? DIGITS)? ;

// Anything that starts like a number but is not one: `1.`, `.5`, `1e`, `1e+`, `1.2.3`, `12ab`.
// Equal-length matches go to NUMBER (declared first); this rule only wins when it is longer.
BAD_NUMBER : (DIGITS ('.' DIGITS?)? | '.' DIGITS) ([eE] [+-]?)? [a-zA-Z_0-9.]* ;

STRING    : '"' ('\\' ~[\r\n] | ~["\\\r\n])* '"' ;

// A string that reaches the end of the line or file; reported, then parsed as a STRING.
UNTERMINATED_STRING : '"' ('\\' ~[\r\n] | ~["\\\r\n])* '\\'? ;

LINE_COMMENT  : '//' ~[\r\n]* -> skip ;

BLOCK_COMMENT : '/*' .*? '*/' -> skip ;

// A comment body that never contains "*/": shorter than BLOCK_COMMENT when the comment is
// closed, so it only wins for a comment that runs to the end of the file.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* ;

WS        : [ \t\r\n\f\u000B\uFEFF]+ -> skip ;

// Any other character: reported as "unexpected character" and dropped.
ERROR_CHAR : . ;

fragment DIGITS : [0-9]+ ;
